/** The {@code --demo} run: a HIS and a modality simulator drive one patient through the whole loop and print each step. */
@NullMarked
package health.isthmus.launcher.demo;

import org.jspecify.annotations.NullMarked;
