/** Development certificates made at the first start with {@code --tls}, and the settings that turn TLS on with them. */
@NullMarked
package health.isthmus.launcher.tls;

import org.jspecify.annotations.NullMarked;
