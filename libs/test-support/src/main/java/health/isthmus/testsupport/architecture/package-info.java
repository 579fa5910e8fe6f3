/** The house rules of STYLE.md as ArchUnit rules, shared by every module's architecture test. */
@NullMarked
package health.isthmus.testsupport.architecture;

import org.jspecify.annotations.NullMarked;
