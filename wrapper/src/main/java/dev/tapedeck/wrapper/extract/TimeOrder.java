package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.Write;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Hands a session's extraction events and code blocks on in the order of their timestamps, so that
 * the store's ids (the order streams, replays and exports read each kind in) are time order. The
 * extractor finds some late: an event that waits for its continuation lines is stored on its first
 * line but found after the other stream's events, and the lines a code block held are read when it
 * gives them back. What is found meanwhile waits here until the extractor says that nothing earlier
 * can still come ({@link #release}), or that what it waits for has waited too long (the extractor's
 * MAX_ORDER_WAIT). Ties keep the order in which they were found.
 *
 * <p>Bounded: past {@link #MAX_WAITING} waiting writes the earliest go on anyway (then one kind may
 * be out of order by what waited longer than that). Owned by the recorder thread, as the extractor.
 */
final class TimeOrder implements Consumer<Write> {
    static final int MAX_WAITING = 4096;
    private static final Comparator<Waiting> EARLIEST =
            Comparator.comparing(Waiting::at).thenComparingLong(Waiting::found);

    private final Consumer<Write> sink;
    private final PriorityQueue<Waiting> events = new PriorityQueue<>(EARLIEST);
    private final PriorityQueue<Waiting> blocks = new PriorityQueue<>(EARLIEST);
    private long found;

    TimeOrder(Consumer<Write> sink) {
        this.sink = sink;
    }

    @Override
    public void accept(Write write) {
        if (write instanceof Extraction x) {
            events.add(new Waiting(x.timestamp(), found++, write));
        } else if (write instanceof CodeBlock b) {
            blocks.add(new Waiting(b.timestamp(), found++, write));
        } else {
            sink.accept(write);
        }
    }

    boolean isEmpty() {
        return events.isEmpty() && blocks.isEmpty();
    }

    /**
     * Hands on the events up to eventsUpTo and the blocks up to blocksUpTo (both included; null:
     * all), the earliest first, and whatever is past the bound of waiting writes.
     */
    void release(Instant eventsUpTo, Instant blocksUpTo) {
        handOn(events, eventsUpTo);
        handOn(blocks, blocksUpTo);
    }

    void releaseAll() {
        handOn(events, null);
        handOn(blocks, null);
    }

    private void handOn(PriorityQueue<Waiting> waiting, Instant upTo) {
        while (!waiting.isEmpty() && (upTo == null || !waiting.peek().at().isAfter(upTo)
                || waiting.size() > MAX_WAITING)) {
            sink.accept(waiting.poll().write());
        }
    }

    private record Waiting(Instant at, long found, Write write) {
    }
}
