package health.isthmus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LauncherArgumentsTest {

    @Test
    void demoIsAcceptedWithoutANote() {
        LauncherArguments arguments = LauncherArguments.parse("--demo");

        assertThat(arguments.demo()).isTrue();
        assertThat(arguments.notes()).isEmpty();
    }

    @Test
    void tlsIsAcceptedBesideDemo() {
        LauncherArguments arguments = LauncherArguments.parse("--tls", "--demo");

        assertThat(arguments.tls()).isTrue();
        assertThat(arguments.demo()).isTrue();
        assertThat(arguments.notes()).isEmpty();
        assertThat(LauncherArguments.parse("--demo").tls()).isFalse();
    }

    @Test
    void unknownArgumentsAreIgnoredWithANote() {
        LauncherArguments arguments = LauncherArguments.parse("--verbose", "x");

        assertThat(arguments.help()).isFalse();
        assertThat(arguments.ignored()).containsExactly("--verbose", "x");
        assertThat(arguments.notes())
                .containsExactly("ignoring unknown argument --verbose", "ignoring unknown argument x");
    }

    @Test
    void rebuildBelongsToRunShAndPassesSilently() {
        assertThat(LauncherArguments.parse("--rebuild").notes()).isEmpty();
    }

    @Test
    void helpPrintsTheUsageWithEveryVariable() {
        assertThat(LauncherArguments.parse("-h").help()).isTrue();
        assertThat(LauncherArguments.parse("--help").help()).isTrue();
        assertThat(LauncherArguments.usage())
                .contains("./run.sh", "--demo", "ISTHMUS_DATA_DIR", "ISTHMUS_START_TIMEOUT", "ISTHMUS_GATEWAY_PORT");
    }
}
