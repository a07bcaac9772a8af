package dev.tapedeck.api.cli;

import picocli.CommandLine.Option;

/** The options every listing takes: {@code -o table|json|ndjson} and {@code --no-pager}. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = OutputFormat.Converter.class,
            description = "table (default), json (an array of objects; show: one object) or ndjson (one object a line).")
    OutputFormat format = OutputFormat.TABLE;

    @Option(names = "--no-pager", description = "Never page the output (on a terminal it goes through $PAGER or less -FRX).")
    boolean noPager;

    public OutputFormat format() {
        return format;
    }

    public Screen screen() {
        return Screen.detect(noPager);
    }
}
