/** Child processes of the launcher: starting JVMs with their own log files, stopping them, and watching the parent. */
@NullMarked
package health.isthmus.launcher.process;

import org.jspecify.annotations.NullMarked;
