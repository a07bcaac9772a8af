package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.api.cli.Figures;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Figures formats spans, counts and dollars without String.format (whose first use costs a start
 * 30 ms): the same text as String.format gives, over the edges of each unit and random values.
 */
class FiguresTest {
    @Test
    void spansCountsAndDollarsReadAsStringFormatWroteThem() {
        Random random = new Random(15);
        for (int i = 0; i < 20_000; i++) {
            long millis = i < 12_000 ? i : random.nextLong(0, 40L * 86_400_000);
            assertThat(Figures.span(Duration.ofMillis(millis))).as("%d ms", millis).isEqualTo(span(millis));
            long n = i < 12_000 ? i * 97L : random.nextLong(0, 5_000_000_000L);
            assertThat(Figures.count(n)).as("count %d", n).isEqualTo(count(n));
            double usd = i < 12_000 ? i / 1000.0 : random.nextDouble() * 500;
            assertThat(Figures.dollars(usd)).as("%s dollars", usd).isEqualTo(dollars(usd));
        }
        for (double usd : new double[] {0, 0.004, 0.005, 0.125, 0.135, 1.005, 2.675, -1.5, Double.NaN}) {
            assertThat(Figures.dollars(usd)).as("%s dollars", usd).isEqualTo(dollars(usd));
        }
        assertThat(Figures.span(Duration.ofMillis(9_950))).isEqualTo("10.0s");
        assertThat(Figures.span(Duration.ofMillis(185_000))).isEqualTo("3m05s");
        assertThat(Figures.count(12_345)).isEqualTo("12.3k");
    }

    /** Figures as they were written before, with String.format. */
    private static String span(long millis) {
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long s = millis / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }

    private static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0);
    }

    private static String dollars(double usd) {
        return usd > 0 && usd < 0.005 ? "<$0.01" : String.format(Locale.ROOT, "$%.2f", usd);
    }
}
