package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.OutputLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds fenced code blocks in one stream's lines (what a fence is: {@link FenceLine}). The block
 * ends at a fence of the same character, at least as long, with nothing after it. Content lines lose
 * up to the opening fence's indentation and are joined by {@code '\n'}.
 *
 * <p>Terminal output is not Markdown, and a fence that never closes must not silence the stream: an
 * open block holds its lines ({@link OpenBlock}) and gives them back, to be read as ordinary lines,
 * when it has held its bound, when output has paused for {@link #MAX_HELD_PAUSE} with the block
 * holding, or when the stream ends. One line proves a block was never one: inside a block opened by
 * a bare fence, an opening fence with a language, of the same character and length. Well-formed
 * Markdown never nests so (an inner fence needs a longer outer one); it is what a bare closing fence
 * whose opening was missed looks like, followed by the next block: that bare fence is dropped, not
 * recorded, and the line opens the next block. Owned by the recorder thread.
 */
final class CodeBlockDetector {
    /** Output paused this long while a block holds lines: they are given back (their events are due). */
    static final Duration MAX_HELD_PAUSE = Duration.ofSeconds(5);

    private final String agentName;
    private final String sessionId;
    private final String stream;
    /** The block being read, or null outside a block. */
    private OpenBlock open;
    private List<OutputLine> released = List.of();

    CodeBlockDetector(String agentName, String sessionId, String stream) {
        this.agentName = agentName;
        this.sessionId = sessionId;
        this.stream = stream;
    }

    /** What a line meant to an open block. */
    enum Role {
        /** An ordinary line: read it (the block, if any, no longer holds its lines). */
        TEXT,
        /** Held by the block: nothing to do now. */
        HELD,
        /** The fence that closed the block (handed to the sink): no events. */
        FENCE,
        /** The block gave back its lines ({@link #takeReleased}), read them first, then offer the line again. */
        RELEASED
    }

    boolean isOpen() {
        return open != null;
    }

    /** When the open block's fence was read, or null outside a block. */
    Instant openedAt() {
        return open == null ? null : open.openedAt();
    }

    /** When the first line the open block holds was read, or null when it holds none. */
    Instant holdingSince() {
        return open == null || !open.holding() ? null : open.openedAt();
    }

    /** Outside a block: true when line opens one (it is then held). */
    boolean opens(OutputLine line) {
        FenceLine fence = FenceLine.opening(line.text());
        if (fence == null) {
            return false;
        }
        open = new OpenBlock(fence, line);
        return true;
    }

    /**
     * Inside a block: takes the next line; a block that it closes is handed to sink. fenceLike tells
     * whether the line holds three backticks or tildes at all (the caller has scanned it already).
     */
    Role accept(OutputLine line, boolean fenceLike, Consumer<CodeBlock> sink) {
        if (fenceLike && open.fence.closedBy(line.text())) {
            sink.accept(open.toBlock(agentName, sessionId, stream, true));
            open = null;
            return Role.FENCE;
        }
        if (fenceLike && open.fence.bare() && opensNextBlock(line.text())) {
            released = open.held();
            open = null;
            return Role.RELEASED;
        }
        if (!open.holding()) {
            open.add(line);
            return Role.TEXT;
        }
        if (open.full(line)) {
            released = open.stopHolding();
            return Role.RELEASED;
        }
        open.holdContent(line);
        return Role.HELD;
    }

    private boolean opensNextBlock(String text) {
        FenceLine next = FenceLine.opening(text);
        return next != null && !next.bare() && next.mark() == open.fence.mark() && next.length() == open.fence.length();
    }

    /**
     * Output has paused: a block that has held lines since at least {@link #MAX_HELD_PAUSE} before
     * now gives them back (true; {@link #takeReleased}) and goes on without holding.
     */
    boolean releaseIfPaused(Instant now) {
        Instant last = open == null ? null : open.lastHeldAt();
        if (last == null || Duration.between(last, now).compareTo(MAX_HELD_PAUSE) < 0) {
            return false;
        }
        released = open.stopHolding();
        return true;
    }

    /** The lines a block gave back, fence first, in order; each is read once, by the caller. */
    List<OutputLine> takeReleased() {
        List<OutputLine> lines = released;
        released = List.of();
        return lines;
    }

    /**
     * Ends the stream: a block still open is handed on, marked unterminated, and the lines it still
     * held are given back ({@link #takeReleased}).
     */
    void finish(Consumer<CodeBlock> sink) {
        if (open != null) {
            sink.accept(open.toBlock(agentName, sessionId, stream, false));
            released = open.held();
            open = null;
        }
    }

    /** The block still open, for tests of its bound; null outside a block. */
    OpenBlock openBlock() {
        return open;
    }
}
