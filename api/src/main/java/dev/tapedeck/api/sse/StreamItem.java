package dev.tapedeck.api.sse;

import dev.tapedeck.api.http.Views.ExtractionView;
import dev.tapedeck.api.http.Views.LineView;
import dev.tapedeck.api.http.Views.SightingView;
import dev.tapedeck.api.http.Views.StateView;
import dev.tapedeck.store.CodeBlockSighting;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.StateChange;
import java.time.Instant;

/**
 * One thing a session recorded, as streams and replays send it. {@link #position()} orders items of
 * one kind: the line number for lines, the row id for the rest.
 */
public sealed interface StreamItem {
    Kind kind();

    String sessionId();

    Instant timestamp();

    long position();

    /** What the SSE {@code data:} carries. */
    Object view();

    /** The kinds, in the order items of one instant are sent; the wire name is the event name. */
    enum Kind {
        LINE("line"), EXTRACTION("extraction"), CODE_BLOCK("code_block"), STATE("state");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Kind parse(String text) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(text) || (kind.wireName + "s").equals(text)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("kind must be one of line, extraction, code_block, state, got '"
                    + text + "'");
        }

        /** A comma-separated list of kinds. */
        public static java.util.Set<Kind> parseList(String text) {
            java.util.Set<Kind> kinds = java.util.EnumSet.noneOf(Kind.class);
            for (String name : text.split(",", -1)) {
                kinds.add(parse(name.strip()));
            }
            return kinds;
        }

        /** The kinds asked for by a list parameter, or all kinds when it was not given. */
        public static java.util.Set<Kind> orAll(java.util.Set<Kind> kinds) {
            return kinds == null ? java.util.EnumSet.allOf(Kind.class) : kinds;
        }
    }

    record Line(OutputLine line) implements StreamItem {
        public Kind kind() {
            return Kind.LINE;
        }

        public String sessionId() {
            return line.sessionId();
        }

        public Instant timestamp() {
            return line.timestamp();
        }

        public long position() {
            return line.number();
        }

        public Object view() {
            return LineView.of(line);
        }
    }

    record Event(Extraction extraction) implements StreamItem {
        public Kind kind() {
            return Kind.EXTRACTION;
        }

        public String sessionId() {
            return extraction.sessionId();
        }

        public Instant timestamp() {
            return extraction.timestamp();
        }

        public long position() {
            return extraction.id();
        }

        public Object view() {
            return ExtractionView.of(extraction);
        }
    }

    record Block(CodeBlockSighting sighting) implements StreamItem {
        public Kind kind() {
            return Kind.CODE_BLOCK;
        }

        public String sessionId() {
            return sighting.sessionId();
        }

        public Instant timestamp() {
            return sighting.timestamp();
        }

        public long position() {
            return sighting.occurrenceId();
        }

        public Object view() {
            return SightingView.of(sighting);
        }
    }

    /** A state change; agentName is that of its session, {@code null} where not looked up. */
    record State(StateChange change, String agentName) implements StreamItem {
        public Kind kind() {
            return Kind.STATE;
        }

        public String sessionId() {
            return change.sessionId();
        }

        public Instant timestamp() {
            return change.timestamp();
        }

        public long position() {
            return change.id();
        }

        public Object view() {
            return StateView.of(change);
        }

        /**
         * A state a session ends in: one of the ended statuses, not {@code started} nor a change on the
         * way ({@code resized}).
         */
        public boolean isFinal() {
            for (SessionStatus status : SessionStatus.values()) {
                if (status.isEnded() && status.wireName().equals(change.state())) {
                    return true;
                }
            }
            return false;
        }
    }
}
