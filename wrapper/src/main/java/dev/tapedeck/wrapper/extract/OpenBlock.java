package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.OutputLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A code block that has opened and not closed yet. At first it <em>holds</em> its lines (the fence
 * and the content, as they came): if it closes, they were code and give no events. Holding is
 * bounded ({@link #MAX_HELD_LINES}, {@link #MAX_HELD_BYTES}): a block that has not closed within the
 * bound may be a fence no one meant (a stray closing fence, a block cut off), so it stops holding and
 * hands its lines back to be read as ordinary lines, late; it still collects its content and is
 * recorded if it closes after all. Owned by the recorder thread.
 */
final class OpenBlock {
    /** A block holds at most this many lines (fence included) before it hands them back. */
    static final int MAX_HELD_LINES = 500;
    /** ... and at most this many printed bytes of them. */
    static final long MAX_HELD_BYTES = 256 * 1024;
    /** Content past this many characters is not kept (the block is marked truncated). */
    private static final int MAX_CONTENT_CHARS = 1 << 20;

    final FenceLine fence;
    private final OutputLine fenceLine;
    /** The lines held, fence first; null once the block has stopped holding. */
    private List<OutputLine> held = new ArrayList<>();
    private long heldBytes;
    private Instant lastAt;
    private final StringBuilder content = new StringBuilder();
    private long firstLine;
    private long lastLine;
    private int lines;
    private boolean truncated;

    OpenBlock(FenceLine fence, OutputLine fenceLine) {
        this.fence = fence;
        this.fenceLine = fenceLine;
        hold(fenceLine);
    }

    boolean holding() {
        return held != null;
    }

    /** When the opening fence was read: the block's timestamp, and the earliest of the lines it holds. */
    Instant openedAt() {
        return fenceLine.timestamp();
    }

    /** Whether holding line as well would pass the bound. */
    boolean full(OutputLine line) {
        return held.size() >= MAX_HELD_LINES || heldBytes + line.byteLength() > MAX_HELD_BYTES;
    }

    /** Holds a content line (the caller checked {@link #full}). */
    void holdContent(OutputLine line) {
        hold(line);
        add(line);
    }

    /** A content line read as an ordinary line (the block no longer holds): only its text is kept. */
    void add(OutputLine line) {
        if (lines == 0) {
            firstLine = line.number();
        }
        lastLine = line.number();
        lines++;
        String text = dedent(line.text());
        if (truncated || content.length() + text.length() + 1 > MAX_CONTENT_CHARS) {
            truncated = true;
            return;
        }
        if (lines > 1) {
            content.append('\n');
        }
        content.append(text);
    }

    /** Stops holding: the lines held so far, fence first, in order. */
    List<OutputLine> stopHolding() {
        List<OutputLine> lines = held;
        held = null;
        heldBytes = 0;
        return lines;
    }

    /** The lines held (fence first), or none once the block stopped holding. */
    List<OutputLine> held() {
        return held == null ? List.of() : held;
    }

    long heldBytes() {
        return heldBytes;
    }

    /** When the last line held was read (null once the block stopped holding). */
    Instant lastHeldAt() {
        return held == null ? null : lastAt;
    }

    CodeBlock toBlock(String agentName, String sessionId, String stream, boolean terminated) {
        long start = lines == 0 ? fenceLine.number() + 1 : firstLine;
        long end = lines == 0 ? fenceLine.number() : lastLine;
        String context = "{\"stream\":\"" + stream + "\",\"fence\":\"" + String.valueOf(fence.mark()).repeat(fence.length())
                + "\",\"fence_line\":" + fenceLine.number() + (truncated ? ",\"truncated\":true" : "") + "}";
        return new CodeBlock(agentName, sessionId, fenceLine.timestamp(), fence.language(), content.toString(), start,
                end, context, null, terminated);
    }

    private void hold(OutputLine line) {
        held.add(line);
        heldBytes += line.byteLength();
        lastAt = line.timestamp();
    }

    private String dedent(String line) {
        int cut = 0;
        while (cut < fence.indent() && cut < line.length() && line.charAt(cut) == ' ') {
            cut++;
        }
        return line.substring(cut);
    }
}
