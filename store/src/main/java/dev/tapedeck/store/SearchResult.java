package dev.tapedeck.store;

import java.util.List;

/**
 * What one search found.
 *
 * @param hits     up to the limit asked, newest first
 * @param cutShort true when the search stopped at its bound on the output it reads (chunks holding
 *                 every word, but too few lines holding them all) before it had the hits asked for,
 *                 so older matching lines may exist that it did not reach
 */
public record SearchResult(List<SearchHit> hits, boolean cutShort) {
    public SearchResult {
        hits = List.copyOf(hits);
    }
}
