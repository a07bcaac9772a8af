package dev.tapedeck.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing. {@code nextCursor}, when present, is passed back in the next
 * {@link PageRequest} to get the page after this one.
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    public Page {
        items = List.copyOf(items);
    }
}
