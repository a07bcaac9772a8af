package dev.tapedeck.api.cli;

import picocli.CommandLine;

/** How a listing prints: a table for people, or JSON for programs (see docs/cli.md). */
public enum OutputFormat {
    /** Aligned columns, cleaned and cut; colour only on a terminal. */
    TABLE,
    /** One JSON document: an array of objects. */
    JSON,
    /** One JSON object a line. */
    NDJSON;

    /** The {@code -o} converter: a bad value names itself and the choices. */
    public static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return switch (value) {
                case "table" -> TABLE;
                case "json" -> JSON;
                case "ndjson" -> NDJSON;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not an output format; use table, json or ndjson");
            };
        }
    }
}
