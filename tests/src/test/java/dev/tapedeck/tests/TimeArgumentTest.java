package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapedeck.api.http.TimeArgument;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Every form {@code --since}, {@code --until} and the API's time parameters take, at a fixed now and zone. */
class TimeArgumentTest {
    private static final Instant NOW = Instant.parse("2026-12-03T16:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant parse(String text) {
        return TimeArgument.parse(text, NOW, BERLIN);
    }

    @Test
    void readsRfc3339WithAnyOffsetAndFractions() {
        assertThat(parse("2026-12-03T10:00:00Z")).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(parse("2026-12-03T10:00:00+01:00")).isEqualTo(Instant.parse("2026-12-03T09:00:00Z"));
        assertThat(parse("2026-12-03T10:00:00-05:30")).isEqualTo(Instant.parse("2026-12-03T15:30:00Z"));
        assertThat(parse("2026-12-03T10:00:00.123456Z")).isEqualTo(Instant.parse("2026-12-03T10:00:00.123456Z"));
        assertThat(parse("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
        assertThat(parse("9999-12-31T23:59:59Z")).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void readsDatesAndLocalTimesInTheLocalZone() {
        assertThat(parse("2026-12-03")).isEqualTo(Instant.parse("2026-12-02T23:00:00Z"));
        // Summer time: midnight is 22:00 UTC.
        assertThat(parse("2026-07-01")).isEqualTo(Instant.parse("2026-06-30T22:00:00Z"));
        assertThat(parse("2026-12-03T10:00")).isEqualTo(Instant.parse("2026-12-03T09:00:00Z"));
        assertThat(parse("2026-12-03T10:00:30")).isEqualTo(Instant.parse("2026-12-03T09:00:30Z"));
    }

    @Test
    void readsNowTodayYesterdayAndSpansBeforeNow() {
        assertThat(parse("now")).isEqualTo(NOW);
        assertThat(parse("today")).isEqualTo(Instant.parse("2026-12-02T23:00:00Z"));
        assertThat(parse("yesterday")).isEqualTo(Instant.parse("2026-12-01T23:00:00Z"));
        assertThat(parse("30s")).isEqualTo(NOW.minusSeconds(30));
        assertThat(parse("30m")).isEqualTo(NOW.minusSeconds(1800));
        assertThat(parse("2h")).isEqualTo(NOW.minusSeconds(7200));
        assertThat(parse("7d")).isEqualTo(NOW.minusSeconds(7 * 86_400));
        assertThat(parse("0s")).isEqualTo(NOW);
        assertThat(parse("0d")).isEqualTo(NOW);
        assertThat(parse("007m")).isEqualTo(NOW.minusSeconds(420));
        assertThat(parse("739000d")).isAfter(Instant.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    void refusesAnythingElseNamingTheValueAndTheForms() {
        for (String bad : new String[] {"", " ", "5y", "-2h", "+2h", "2H", "2 h", "h", "30", "Today", "tomorrow",
                "2026-13-01", "2026-02-30", "2026-12-03 10:00", "2026-12-03T25:00", "10000-01-01", "1.5h", "２h"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not a time; use RFC 3339 (2026-12-03T10:00:00Z), a date (2026-12-03),"
                            + " now, today, yesterday, or a span before now (30s, 30m, 2h, 7d)");
        }
    }

    @Test
    void refusesTimesOutsideYearsZeroToNineThousandNineHundredNinetyNine() {
        for (String far : new String[] {"750000d", "99999999999999d", "9223372036854775807s", "99999999999999999999999d",
                "-0001-12-31T00:00:00Z", "+10000-01-01T00:00:00Z",
                "+999999999-12-31T23:59:59Z", "0000-01-01T00:00:00+01:00"}) {
            assertThatThrownBy(() -> parse(far)).as(far).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + far + "' is out of range; times go from 0000-01-01T00:00:00Z to"
                            + " 9999-12-31T23:59:59Z");
        }
    }
}
