package health.isthmus.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GoldenSampleTest {

    private final JsonMapper mapper = JsonMapper.builder().build();

    static Iterable<Class<? extends IsthmusEvent>> contracts() {
        return EventCatalog.contracts();
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void goldenSampleReadsAsTheExpectedRecord(Class<? extends IsthmusEvent> contract) {
        IsthmusEvent read = mapper.readValue(GoldenSamples.json(contract), contract);

        assertThat(read).isEqualTo(GoldenSamples.expected(contract));
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void expectedRecordWritesAsTheGoldenSample(Class<? extends IsthmusEvent> contract) {
        JsonNode written = mapper.readTree(mapper.writeValueAsBytes(GoldenSamples.expected(contract)));

        assertThat(written).isEqualTo(mapper.readTree(GoldenSamples.json(contract)));
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void wireTypeNamesTheContractNotTheJavaClass(Class<? extends IsthmusEvent> contract) {
        String wireType = EventCatalog.wireType(contract);

        assertThat(wireType).matches("[a-z0-9]+\\.[A-Z][A-Za-z]+\\.v[0-9]+");
        assertThat(EventCatalog.forWireType(wireType)).contains(contract);
        assertThat(EventCatalog.topic(contract)).matches("[a-z0-9-]+\\.[a-z-]+\\.v[0-9]+");
    }
}
