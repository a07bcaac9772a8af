package dev.tapedeck.wrapper;

import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.WriteQueue;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The recorder thread: takes what the pumps read from the {@link Tap}, cuts it into lines per
 * stream, numbers them in the order they were read and appends them to the store. It runs beside the
 * pass-through: whatever it does, the child's output has already reached the terminal.
 */
final class LineRecorder implements Runnable {
    private final Tap tap;
    private final WriteQueue writes;
    private final String sessionId;
    private final LineAssembler[] assemblers;
    private final Consumer<OutputLine> listener;
    /** Written by the recorder thread, read by the thread that waits for it to finish. */
    private volatile long lines;
    private volatile long droppedLines;
    private long stdoutLines;
    private long stderrLines;

    LineRecorder(Tap tap, WriteQueue writes, String sessionId, int maxLineBytes, Consumer<OutputLine> listener) {
        this.tap = tap;
        this.writes = writes;
        this.sessionId = sessionId;
        this.listener = listener;
        this.assemblers = new LineAssembler[] {new LineAssembler(maxLineBytes), new LineAssembler(maxLineBytes)};
    }

    @Override
    public void run() {
        int open = Stream.values().length;
        try {
            while (open > 0) {
                Tap.Chunk chunk = tap.take(1, TimeUnit.SECONDS);
                if (chunk == null) {
                    continue;
                }
                LineAssembler assembler = assemblers[chunk.stream().ordinal()];
                LineAssembler.Sink sink = (raw, length, terminated, split) ->
                        record(chunk.stream(), chunk.readAt(), raw, length, terminated, split);
                if (chunk.isEnd()) {
                    assembler.finish(sink);
                    open--;
                } else if (chunk.gap()) {
                    // Output was dropped here: end the line in progress rather than glue two
                    // unrelated pieces together.
                    assembler.finish(sink);
                } else {
                    assembler.feed(chunk.bytes(), sink);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long lines() {
        return lines;
    }

    /** Lines the store refused because its queue was full. */
    long droppedLines() {
        return droppedLines;
    }

    long stdoutLines() {
        return stdoutLines;
    }

    long stderrLines() {
        return stderrLines;
    }

    private void record(Stream stream, Instant readAt, byte[] raw, int length, boolean terminated, boolean split) {
        LineText.Decoded decoded = LineText.decode(raw, length, terminated);
        long number = lines + 1;
        lines = number;
        if (stream == Stream.STDOUT) {
            stdoutLines++;
        } else {
            stderrLines++;
        }
        OutputLine line = new OutputLine(sessionId, number, stream, readAt, decoded.text(), decoded.raw(), split);
        listener.accept(line);
        if (writes != null && !writes.append(line)) {
            droppedLines++;
        }
    }
}
