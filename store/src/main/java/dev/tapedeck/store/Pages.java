package dev.tapedeck.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Turns the rows of a "limit + 1" query into a page and the cursor of the next one. */
final class Pages {
    private Pages() {
    }

    static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, Optional.of(cursorOf.apply(items.get(limit - 1))));
    }
}
