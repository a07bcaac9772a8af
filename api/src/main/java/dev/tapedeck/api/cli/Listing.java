package dev.tapedeck.api.cli;

import dev.tapedeck.api.http.Json;
import java.util.List;
import java.util.function.Function;

/**
 * Prints a listing in the chosen format: a table built by the caller for the screen, or the same
 * items as the JSON objects the HTTP API gives (one array for {@code json}, one object a line for
 * {@code ndjson}). Shared by every command that lists (ls, and the show, events and search to come).
 */
public final class Listing {
    private Listing() {
    }

    public static <T> void print(OutputOptions options, List<T> items, Function<T, ?> json,
                                 Function<Screen, Table> table) {
        Screen screen = options.screen();
        try (Printer out = Printer.open(screen)) {
            switch (options.format()) {
                case TABLE -> table.apply(screen).render(screen.colour(), out::print);
                case JSON -> {
                    out.print("[");
                    for (int i = 0; i < items.size(); i++) {
                        out.print(i == 0 ? "\n" : ",\n");
                        out.print(Json.write(json.apply(items.get(i))));
                    }
                    out.print(items.isEmpty() ? "]\n" : "\n]\n");
                }
                case NDJSON -> items.forEach(item -> out.print(Json.write(json.apply(item)) + "\n"));
                default -> throw new IllegalStateException("format " + options.format());
            }
        }
    }
}
