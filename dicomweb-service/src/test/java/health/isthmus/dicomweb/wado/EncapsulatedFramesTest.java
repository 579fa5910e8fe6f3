package health.isthmus.dicomweb.wado;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicomweb.wado.InstanceFiles.Encapsulated;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncapsulatedFramesTest {

    // {value offset in the file, length, item offset from the first fragment item}
    static final List<long[]> FIVE_FRAGMENTS = List.of(
            new long[] {1008, 100, 0},
            new long[] {1116, 50, 108},
            new long[] {1174, 80, 166},
            new long[] {1262, 10, 254},
            new long[] {1280, 40, 272});

    @Test
    void theBasicOffsetTableGroupsFragmentsIntoFrames() throws Exception {
        Encapsulated pixels = new Encapsulated(new long[] {0, 166, 272}, FIVE_FRAGMENTS);
        List<List<long[]>> frames = pixels.frames(3, item -> false);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).extracting(f -> f[0]).containsExactly(1008L, 1116L);
        assertThat(frames.get(1)).extracting(f -> f[0]).containsExactly(1174L, 1262L);
        assertThat(frames.get(2)).extracting(f -> f[0]).containsExactly(1280L);
    }

    @Test
    void oneFragmentPerFrameAndOneFrameOfManyFragmentsNeedNoTable() throws Exception {
        Encapsulated pixels = new Encapsulated(new long[0], FIVE_FRAGMENTS);
        assertThat(pixels.frames(5, item -> false))
                .hasSize(5)
                .allSatisfy(frame -> assertThat(frame).hasSize(1));
        assertThat(pixels.frames(1, item -> false))
                .singleElement()
                .satisfies(frame -> assertThat(frame).hasSize(5));
    }

    @Test
    void withoutATableCodestreamStartsMarkTheFramesOrNothingIsGuessed() throws Exception {
        Encapsulated pixels = new Encapsulated(new long[0], FIVE_FRAGMENTS);
        List<List<long[]>> frames = pixels.frames(2, item -> item[0] == 1008 || item[0] == 1262);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(1)).extracting(f -> f[0]).containsExactly(1262L, 1280L);
        assertThat(pixels.frames(3, item -> item[0] == 1008)).isNull();
        assertThat(new Encapsulated(new long[] {0, 99}, FIVE_FRAGMENTS).frames(2, item -> false))
                .as("a table entry that is no fragment's start")
                .isNull();
    }
}
