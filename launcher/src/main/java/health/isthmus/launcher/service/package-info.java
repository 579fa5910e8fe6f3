/** The platform's services as the launcher sees them: which ones, their jars, their JVMs and their health. */
@NullMarked
package health.isthmus.launcher.service;

import org.jspecify.annotations.NullMarked;
