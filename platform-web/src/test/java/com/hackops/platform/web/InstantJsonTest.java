package com.hackops.platform.web;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.OptBoolean;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON instants read through {@link InstantJson} exactly as through the JSR-310 module alone — the same value or the
 * same refusal, for written instants and every other token — and Spring Boot's ObjectMapper uses it.
 */
class InstantJsonTest {

    private static final ObjectMapper GENERAL = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final ObjectMapper WIRE = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(InstantJson.module());

    record Event(String id, Instant occurredAt, List<Instant> times) {
    }

    record Formatted(@JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss", timezone = "UTC") Instant patterned,
                     @JsonFormat(lenient = OptBoolean.FALSE) Instant strict, Instant plain) {
    }

    @Property(tries = 3_000)
    void reads_written_instants_as_the_jsr310_module_does(@ForAll("instants") Instant instant) throws Exception {
        String body = "{\"id\":\"e\",\"occurredAt\":\"" + instant + "\",\"times\":[\"" + instant + "\"]}";
        Event event = WIRE.readValue(body, Event.class);
        assertThat(event).isEqualTo(GENERAL.readValue(body, Event.class));
        assertThat(event.occurredAt()).isEqualTo(instant);
    }

    @Property(tries = 3_000)
    void answers_any_other_value_as_the_jsr310_module_does(@ForAll("values") String value) {
        sameAnswer("{\"id\":\"e\",\"occurredAt\":" + value + "}");
        sameAnswer("{\"id\":\"e\",\"times\":[" + value + "]}");
    }

    @Example
    void answers_the_unusual_forms_as_the_jsr310_module_does() {
        for (String value : List.of("\"2026-12-06T15:24:01Z\"", "\" 2026-12-06T15:24:01Z \"", "\"2026-12-06T16:24:01+01:00\"",
                "\"2026-12-06T15:24:01.5+00:00\"", "\"2026-12-06t15:24:01z\"", "\"2026-12-31T23:59:60Z\"",
                "\"2026-12-06T24:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "\"1733498641\"", "\"1733498641.5\"", "1733498641",
                "1733498641.123456789", "-1", "\"\"", "\"   \"", "null", "true", "[]", "[\"2026-12-06T15:24:01Z\"]", "{}",
                "\"+12026-12-06T15:24:01Z\"", "\"2026-12-06T15:24:01.1234567890Z\"", "\"yesterday\"")) {
            sameAnswer("{\"id\":\"e\",\"occurredAt\":" + value + "}");
        }
    }

    /** A format, a leniency or a feature of the JSR-310 module applies as it does without this module. */
    @Example
    void formats_leniency_and_module_features_read_as_without_it() {
        List<String> values = List.of("\"2026-12-06T15:24:01Z\"", "\"2026-12-06 15:24:01\"", "\"\"", "\"1733498641\"",
                "1733498641", "null", "\"2026-02-30T00:00:00Z\"");
        for (String value : values) {
            for (String field : List.of("patterned", "strict", "plain")) {
                String body = "{\"" + field + "\":" + value + "}";
                assertThat(read(WIRE.readerFor(Formatted.class), body)).as(body)
                        .isEqualTo(read(GENERAL.readerFor(Formatted.class), body));
                ObjectMapper strictGeneral = new ObjectMapper().registerModule(new JavaTimeModule()).setDefaultLeniency(false);
                ObjectMapper strictWire = new ObjectMapper().registerModule(new JavaTimeModule())
                        .registerModule(InstantJson.module()).setDefaultLeniency(false);
                assertThat(read(strictWire.readerFor(Formatted.class), body)).as("not lenient: " + body)
                        .isEqualTo(read(strictGeneral.readerFor(Formatted.class), body));
                ObjectMapper featuredGeneral = new ObjectMapper().registerModule(
                        new JavaTimeModule().enable(JavaTimeFeature.ALWAYS_ALLOW_STRINGIFIED_DATE_TIMESTAMPS));
                ObjectMapper featuredWire = new ObjectMapper().registerModule(InstantJson.module()).registerModule(
                        new JavaTimeModule().enable(JavaTimeFeature.ALWAYS_ALLOW_STRINGIFIED_DATE_TIMESTAMPS));
                assertThat(read(featuredWire.readerFor(Formatted.class), body)).as("module feature: " + body)
                        .isEqualTo(read(featuredGeneral.readerFor(Formatted.class), body));
            }
        }
    }

    /** Registered before or after the JSR-310 module, it wraps that module's deserializer; without it, nothing. */
    @Example
    void wraps_the_jsr310_deserializer_in_either_order_and_nothing_else() throws Exception {
        assertThat(rootDeserializer(WIRE)).isInstanceOf(InstantJson.Instants.class);
        assertThat(rootDeserializer(new ObjectMapper().registerModule(InstantJson.module()).registerModule(new JavaTimeModule())))
                .isInstanceOf(InstantJson.Instants.class);
        assertThat(rootDeserializer(GENERAL)).isNotInstanceOf(InstantJson.Instants.class);
        ObjectMapper alone = new ObjectMapper().registerModule(InstantJson.module());
        assertThat(rootDeserializer(alone)).isNotInstanceOf(InstantJson.Instants.class);
    }

    @Example
    void spring_boots_object_mapper_reads_instants_with_it() throws Exception {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(InstantJson.class)
                .run(context -> {
                    ObjectMapper mapper = context.getBean(ObjectMapper.class);
                    assertThat(rootDeserializer(mapper)).isInstanceOf(InstantJson.Instants.class);
                    assertThat(mapper.readValue("\"2026-12-06T15:24:01.5Z\"", Instant.class))
                            .isEqualTo(Instant.parse("2026-12-06T15:24:01.5Z"));
                });
    }

    private static JsonDeserializer<Object> rootDeserializer(ObjectMapper mapper) throws Exception {
        return ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), mapper.createParser("0"), null)
                .findRootValueDeserializer(mapper.constructType(Instant.class));
    }

    /** Both mappers read the body to equal values, or both refuse it with the same kind of error. */
    private static void sameAnswer(String body) {
        for (boolean nanos : new boolean[]{true, false}) {
            assertThat(read(reader(WIRE, nanos), body)).as(body).isEqualTo(read(reader(GENERAL, nanos), body));
        }
    }

    /** Numbers read as seconds with a fraction (Jackson's default) or as milliseconds. */
    private static ObjectReader reader(ObjectMapper mapper, boolean nanos) {
        ObjectReader reader = mapper.readerFor(Event.class);
        return nanos ? reader.with(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
                : reader.without(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS);
    }

    private static Object read(ObjectReader reader, String body) {
        try {
            return reader.readValue(body);
        } catch (Exception refused) {
            return refused.getClass();
        }
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("9999-12-31T23:59:59Z").getEpochSecond())
                .flatMap(seconds -> Arbitraries.integers().between(0, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> written = instants().map(Instant::toString);
        Arbitrary<String> changed = written.flatMap(text -> Arbitraries.integers().between(0, text.length() - 1)
                .flatMap(at -> Arbitraries.chars().range(' ', 'z').filter(c -> c != '"' && c != '\\')
                        .map(c -> text.substring(0, at) + c + text.substring(at + 1))));
        return Arbitraries.oneOf(
                written.map(text -> "\"" + text + "\""),
                changed.map(text -> "\"" + text + "\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.longs().map(n -> "\"" + n + "\""),
                Arbitraries.of("null", "true", "{}", "[]", "\"\"", "1.5", "\"1.5\""));
    }
}
