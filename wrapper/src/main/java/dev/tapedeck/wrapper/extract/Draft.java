package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.RiskLevel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event still being put together from a problem's headline and the lines that continue it.
 * Owned by the recorder thread.
 */
final class Draft {
    private static final int MAX_DETAIL_CHARS = 2000;

    private String eventType;
    private String value;
    private String pattern;
    private final Map<String, Object> metadata;
    private final RiskLevel risk;
    private final boolean classifyShell;
    private final boolean autoConfirmable;
    private final StringBuilder detail = new StringBuilder();
    private int lines;
    /** Set by a continuation whose line states the problem better than the headline did. */
    private boolean anchorHere;

    Draft(Found found) {
        this.eventType = found.eventType();
        this.value = found.value();
        this.pattern = found.pattern();
        this.metadata = new LinkedHashMap<>(found.metadata());
        this.risk = found.risk();
        this.classifyShell = found.classifyShell();
        this.autoConfirmable = found.autoConfirmable();
    }

    String eventType() {
        return eventType;
    }

    void eventType(String type) {
        this.eventType = type;
    }

    String value() {
        return value;
    }

    void value(String newValue) {
        this.value = newValue;
    }

    /** Names what recognised the event, once its continuation showed which format it is in. */
    void pattern(String name) {
        this.pattern = name;
    }

    Map<String, Object> metadata() {
        return metadata;
    }

    /** Adds a continuation line to the event's {@code detail} metadata, up to 2,000 characters. */
    void addDetail(String line) {
        lines++;
        if (detail.length() >= MAX_DETAIL_CHARS) {
            return;
        }
        if (!detail.isEmpty()) {
            detail.append('\n');
        }
        detail.append(line, 0, Math.min(line.length(), MAX_DETAIL_CHARS - detail.length()));
    }

    /**
     * Puts the event on the line being read (its number, time and text) instead of the headline's:
     * for a problem whose headline only announces it (Python's {@code Traceback (most recent call
     * last):}, Maven's {@code COMPILATION ERROR :}) and whose later line states it.
     */
    void anchorHere() {
        anchorHere = true;
    }

    /** Whether a continuation asked for the line just read to be the event's; clears the request. */
    boolean takeAnchor() {
        boolean moved = anchorHere;
        anchorHere = false;
        return moved;
    }

    /** Lines taken by the problem after its headline. */
    int lines() {
        return lines;
    }

    Found toFound() {
        if (!detail.isEmpty()) {
            metadata.put("detail", detail.toString());
        }
        return new Found(eventType, pattern, value, metadata, risk, classifyShell, autoConfirmable);
    }
}
