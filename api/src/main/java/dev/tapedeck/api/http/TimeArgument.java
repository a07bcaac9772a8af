package dev.tapedeck.api.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as a person types it, read the same way by the command line's {@code --since} and
 * {@code --until} and the HTTP API's {@code since}, {@code until}, {@code from} and {@code to}:
 * <ul>
 *   <li>RFC 3339 ({@code 2026-12-03T10:00:00Z}, {@code 2026-12-03T10:00:00+01:00});</li>
 *   <li>a local date and time without an offset ({@code 2026-12-03T10:00}), in the local zone;</li>
 *   <li>a date ({@code 2026-12-03}): midnight at its start in the local zone, on either side, as
 *       journalctl reads it, so {@code --since 2026-12-01 --until 2026-12-03} is December 1 and 2;</li>
 *   <li>{@code now}, {@code today} (midnight at the start of today) and {@code yesterday};</li>
 *   <li>a span before now: a whole number and a unit, {@code s}, {@code m}, {@code h} or {@code d}
 *       ({@code 30m} is thirty minutes ago; {@code 0s} is now).</li>
 * </ul>
 * The local zone is the JVM's default ({@code TZ}), the machine's for the command line and the
 * daemon's for the API. Times are bounded to years 0000 to 9999 in UTC, as RFC 3339 is.
 */
public final class TimeArgument {
    public static final String FORMS = "RFC 3339 (2026-12-03T10:00:00Z), a date (2026-12-03), now, today,"
            + " yesterday, or a span before now (30s, 30m, 2h, 7d)";
    private static final Pattern SPAN = Pattern.compile("(\\d+)([smhd])");
    private static final Instant FIRST_TIME = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant END_OF_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    private TimeArgument() {
    }

    /**
     * The instant text names, now and zone giving the relative and local forms.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Instant parse(String text, Instant now, ZoneId zone) {
        Instant time;
        try {
            time = read(text, now, zone);
        } catch (DateTimeParseException e) {
            time = null;
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            // A span too long to subtract from now (or to be a long): as out of range as a year past 9999.
            time = Instant.MIN;
        }
        if (time == null) {
            throw new IllegalArgumentException("'" + Params.clip(text) + "' is not a time; use " + FORMS);
        }
        if (time.isBefore(FIRST_TIME) || !time.isBefore(END_OF_TIME)) {
            throw new IllegalArgumentException("'" + Params.clip(text)
                    + "' is out of range; times go from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
        }
        return time;
    }

    /** Parses text against the present moment in the local zone. */
    public static Instant parse(String text) {
        return parse(text, Instant.now(), ZoneId.systemDefault());
    }

    private static Instant read(String text, Instant now, ZoneId zone) {
        switch (text) {
            case "now":
                return now;
            case "today":
                return LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
            case "yesterday":
                return LocalDate.ofInstant(now, zone).minusDays(1).atStartOfDay(zone).toInstant();
            default:
                break;
        }
        Matcher span = SPAN.matcher(text);
        if (span.matches()) {
            long amount = Long.parseLong(span.group(1));
            Duration back = switch (span.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(back);
        }
        if (text.length() == 10 && text.charAt(4) == '-') {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        }
        int t = text.indexOf('T');
        // t > 10: a signed year (+10000-01-01T00:00:00Z), which Java reads; out of range further on.
        if (t >= 10) {
            boolean offset = text.endsWith("Z") || text.lastIndexOf('+') > t || text.lastIndexOf('-') > t;
            return offset ? OffsetDateTime.parse(text).toInstant() : LocalDateTime.parse(text).atZone(zone).toInstant();
        }
        return null;
    }
}
