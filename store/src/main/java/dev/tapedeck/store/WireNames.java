package dev.tapedeck.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enums are stored and sent by their lower-case names; this parses them back with a clear error. */
final class WireNames {
    private WireNames() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(E[] values, String field, String text) {
        for (E value : values) {
            if (of(value).equals(text)) {
                return value;
            }
        }
        String allowed = Arrays.stream(values).map(WireNames::of).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(field + " must be one of " + allowed + ", got '" + text + "'");
    }
}
