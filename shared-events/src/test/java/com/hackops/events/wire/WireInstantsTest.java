package com.hackops.events.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link WireInstants} answers exactly as {@link Instant#parse}: the same instant, or the same refusal. */
class WireInstantsTest {

    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Property(tries = 5_000)
    void reads_every_written_instant_as_instant_parse_does(@ForAll("instants") Instant instant) {
        String written = instant.toString();
        assertThat(WireInstants.parseWritten(written)).isEqualTo(instant);
        assertThat(WireInstants.parse(written)).isEqualTo(Instant.parse(written)).isEqualTo(instant);
    }

    @Property(tries = 2_000)
    void reads_every_fraction_length_as_instant_parse_does(@ForAll("instants") Instant instant,
                                                           @ForAll @IntRange(min = 1, max = 9) int digits) {
        String nanos = String.format("%09d", instant.getNano());
        String written = instant.toString().substring(0, 19) + "." + nanos.substring(0, digits) + "Z";
        assertThat(WireInstants.parseWritten(written)).isEqualTo(Instant.parse(written));
    }

    /** Any text one character away from a written instant: the same instant, or refused by both. */
    @Property(tries = 20_000)
    void answers_a_changed_text_as_instant_parse_does(@ForAll("instants") Instant instant,
                                                      @ForAll @IntRange(min = 0, max = 1_000) int position,
                                                      @ForAll @CharRange(from = ' ', to = 'z') char replacement,
                                                      @ForAll("edits") String edit) {
        String written = instant.toString();
        int at = position % (written.length() + 1);
        String changed = switch (edit) {
            case "replace" -> at == written.length() ? written + replacement
                    : written.substring(0, at) + replacement + written.substring(at + 1);
            case "insert" -> written.substring(0, at) + replacement + written.substring(at);
            default -> at == written.length() ? written.substring(0, at - 1) : written.substring(0, at) + written.substring(at + 1);
        };
        sameAnswer(changed);
    }

    @Example
    void answers_the_edges_of_the_calendar_and_the_clock_as_instant_parse_does() {
        for (String text : new String[]{"2000-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2024-02-29T12:00:00Z",
                "2023-02-29T12:00:00Z", "1900-02-29T00:00:00Z", "0000-02-29T00:00:00Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z",
                "2026-04-31T00:00:00Z", "2026-06-31T00:00:00Z", "2026-09-31T00:00:00Z", "2026-11-31T00:00:00Z",
                "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-12-31T00:00:00Z", "2026-02-28T00:00:00Z",
                "2026-12-31T23:59:60Z", "2026-12-06T24:00:00Z", "2026-12-06T24:30:00Z", "2026-12-06T24:00:01Z",
                "2026-12-06T25:00:00Z", "2026-12-06T23:60:00Z", "2026-12-06T15:24:01.Z",
                "2026-12-06T15:24:01.1234567890Z", "2026-12-06t15:24:01Z", "2026-12-06T15:24:01z",
                "2026-12-06T15:24:01+00:00", "2026-12-06T16:24:01+01:00", "+12026-12-06T15:24:01Z",
                "-0001-12-06T15:24:01Z", "2026-12-06 15:24:01Z", " 2026-12-06T15:24:01Z", "2026-12-06T15:24:01Z ",
                "２026-12-06T15:24:01Z", "2026-12-06T15:24:01.12345Z", ""}) {
            sameAnswer(text);
        }
    }

    @Example
    void refuses_with_the_exception_of_instant_parse() {
        assertThatThrownBy(() -> WireInstants.parse("2026-02-30T00:00:00Z")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> WireInstants.parse("yesterday")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> WireInstants.parse(null)).isInstanceOf(NullPointerException.class);
    }

    private static void sameAnswer(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException refused) {
            assertThatThrownBy(() -> WireInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(WireInstants.parse(text)).as(text).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(FIRST, LAST)),
                Tuple.of(1, Arbitraries.longs().between(-86_400L * 800, 86_400L * 800)),
                Tuple.of(1, Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L)));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.integers().between(0, 999_999_999),
                Arbitraries.integers().between(0, 999).map(millis -> millis * 1_000_000), Arbitraries.just(0));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<String> edits() {
        return Arbitraries.of("replace", "insert", "delete");
    }
}
