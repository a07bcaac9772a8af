package dev.tapedeck.api.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times, spans and counts as a table shows them to people. JSON keeps the exact values. */
public final class Figures {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Figures() {
    }

    /** RFC 3339 in UTC to the second: {@code 2026-12-03T15:21:02Z}. */
    public static String time(Instant time) {
        return SECONDS.format(time);
    }

    /** How long before now: {@code 12s ago}, {@code 3m ago}, {@code 5h ago}, {@code 9d ago}. */
    public static String ago(Instant time, Instant now) {
        long seconds = Math.max(0, Duration.between(time, now).toSeconds());
        if (seconds < 60) {
            return seconds + "s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h ago";
        }
        return seconds / 86_400 + "d ago";
    }

    /** A span in its two largest units: {@code 0.4s}, {@code 12s}, {@code 3m05s}, {@code 2h03m}, {@code 4d02h}. */
    public static String span(Duration span) {
        long millis = span.toMillis();
        if (millis < 10_000) {
            return fixed(millis / 1000.0, 1) + "s";
        }
        long s = millis / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + twoDigits(s % 60) + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h" + twoDigits(s % 3600 / 60) + "m";
        }
        return s / 86_400 + "d" + twoDigits(s % 86_400 / 3600) + "h";
    }

    /** A count in at most four characters past the digits: {@code 950}, {@code 12.3k}, {@code 4.5M}. */
    public static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return fixed(n / 1000.0, 1) + "k";
        }
        return fixed(n / 1_000_000.0, 1) + "M";
    }

    /** Dollars to the cent, {@code <$0.01} for less. */
    public static String dollars(double usd) {
        return usd > 0 && usd < 0.005 ? "<$0.01" : "$" + fixed(usd, 2);
    }

    /**
     * value to the given decimals, rounded half up from its shortest decimal form, as
     * {@code String.format(Locale.ROOT, "%.Nf", value)} gives it. Not String.format itself: its first
     * use sets up a Formatter and the number symbols of a locale, 30 ms of a command's start, and
     * show formats a span for every event.
     */
    static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }
}
