package dev.tapedeck.api;

import dev.tapedeck.api.cli.Figures;
import dev.tapedeck.api.http.TimeArgument;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --since} and {@code --until} options of the listings ({@code ls}, {@code events},
 * {@code search}): each in every form {@link TimeArgument} reads, since inclusive, until exclusive.
 * What the time is of (a session's start, an event's or a line's own time) each command says.
 */
final class TimeWindow {
    @Option(names = "--since", paramLabel = "TIME", converter = Converter.class,
            description = "From TIME on: RFC 3339, a date (local midnight), now, today, yesterday, or a span before"
                    + " now (30s, 30m, 2h, 7d).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = Converter.class,
            description = "Before TIME (same forms; a date is its midnight, so that day is left out).")
    Instant until;

    /** A window that ends before it starts is a usage error naming both options and both times. */
    void check(CommandLine commandLine) {
        if (since != null && until != null && until.isBefore(since)) {
            throw new CommandLine.ParameterException(commandLine, "--until must not be before --since ("
                    + Figures.time(since) + "), got " + Figures.time(until));
        }
    }

    /** A bad time is a usage error naming the value and the forms. */
    static final class Converter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return TimeArgument.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
