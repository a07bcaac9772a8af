package dev.tapedeck.api.sse;

import dev.tapedeck.api.http.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live SSE client, run on a thread of its own. It subscribes to the {@link Tail} first and
 * then reads from the database what it has not sent yet, so no row falls between the two; the
 * cursor drops whatever arrives twice. When its queue overflows it catches up from the database
 * again. Subclasses say what the client wants and how to read it.
 */
abstract class Follower implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Follower.class);
    static final int QUEUE_CAPACITY = 4096;
    static final long KEEP_ALIVE_MILLIS = 15_000;

    private final SseChannel channel;
    private final Tail tail;
    protected final StreamCursor cursor;
    private final BlockingQueue<StreamItem> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /** Set by the tail thread when the queue overflowed; cleared by this follower's thread. */
    private volatile boolean lagging;
    private long sent;

    Follower(SseChannel channel, Tail tail, StreamCursor cursor) {
        this.channel = channel;
        this.tail = tail;
        this.cursor = cursor;
    }

    SseChannel channel() {
        return channel;
    }

    /** Called on the tail thread: whether the item belongs to this stream. */
    abstract boolean matches(StreamItem item);

    abstract boolean wantsLines();

    /** Whether a matching item is sent (some are only watched for, such as a final state). */
    boolean sends(StreamItem item) {
        return true;
    }

    abstract boolean wantsLinesOf(String sessionId);

    abstract String kindName();

    /**
     * The next items after the cursor from the database, in the order to send them; empty when
     * there is nothing more.
     */
    abstract List<StreamItem> readAfter(StreamCursor cursor);

    /** Called after each batch is sent; returns true when the stream is complete. */
    abstract boolean finished(List<StreamItem> batch, boolean caughtUp) throws IOException;

    void offer(StreamItem item) {
        if (!lagging && !queue.offer(item)) {
            lagging = true;
        }
    }

    @Override
    public void run() {
        channel.interruptOwnerOnClose();
        try {
            follow();
        } catch (IOException e) {
            LOG.debug("{} stream client gone after {} events: {}", kindName(), sent, e.getMessage());
        } catch (InterruptedException e) {
            // The client went away (its close interrupts us) or the daemon is stopping.
        } catch (RuntimeException e) {
            LOG.warn("{} stream failed after {} events: {}", kindName(), sent, e.toString());
        } finally {
            tail.unsubscribe(this);
            channel.releaseOwner();
            channel.finish();
        }
    }

    private void follow() throws IOException, InterruptedException {
        while (channel.isOpen()) {
            lagging = false;
            queue.clear();
            tail.subscribe(this);
            if (catchUp()) {
                return;
            }
            while (!lagging && channel.isOpen()) {
                StreamItem first = queue.poll(KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    channel.comment("keep-alive " + Json.time(Instant.now()));
                    continue;
                }
                List<StreamItem> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, 999);
                List<StreamItem> fresh = sendNew(batch);
                if (finished(fresh, false)) {
                    return;
                }
            }
            tail.unsubscribe(this);
        }
    }

    /** Sends everything the database holds after the cursor; true when the stream is complete. */
    private boolean catchUp() throws IOException {
        while (true) {
            List<StreamItem> batch = readAfter(cursor);
            List<StreamItem> fresh = sendNew(batch);
            if (batch.isEmpty()) {
                return finished(fresh, true);
            }
            if (fresh.isEmpty()) {
                // A read after the cursor that brings nothing past it would bring the same again:
                // end the stream rather than spin on it.
                throw new IllegalStateException("reading after cursor " + cursor.id() + " returned "
                        + batch.size() + " items none of which is after it");
            }
            if (finished(fresh, false)) {
                return true;
            }
        }
    }

    /** Sends the items the cursor has not passed that this stream sends; returns every new item. */
    List<StreamItem> sendNew(List<StreamItem> batch) throws IOException {
        List<StreamItem> fresh = new ArrayList<>(batch.size());
        for (StreamItem item : batch) {
            if (cursor.isNew(item)) {
                fresh.add(item);
                if (sends(item)) {
                    cursor.advance(item);
                    send(item);
                    sent++;
                }
            }
        }
        channel.flush();
        return fresh;
    }

    /** Writes one item (the cursor already past it) as a frame named by its kind; a stream may frame it otherwise. */
    void send(StreamItem item) throws IOException {
        channel.send(item.kind().wireName(), cursor.id(), Json.write(item.view()));
    }

    /** Sends a final event with the cursor as its id. */
    protected void sendLast(String event, Object data) throws IOException {
        channel.send(event, cursor.id(), Json.write(data));
        channel.flush();
    }

    /**
     * Merges pages read per kind (each in the order of its ids, which is the cursor's) into one
     * batch, taking the earliest of the pages' next items each time. Each kind keeps its own order:
     * the cursor skips any item of a kind whose id is below one already sent, and ids do not follow
     * time across sessions (recorders commit in turn, each with its own earlier lines); within one
     * they do (the recorder commits each kind in time order, see the wrapper's TimeOrder), except in
     * sessions recorded before it did. A kind whose page was full may
     * have more rows after its last one, so the other kinds' items later than the earliest such last
     * row wait, each kind's from the first of them on.
     */
    static List<StreamItem> merge(List<? extends List<? extends StreamItem>> pages, int pageSize) {
        Instant cutoff = null;
        for (List<? extends StreamItem> page : pages) {
            if (page.size() >= pageSize) {
                Instant last = page.get(page.size() - 1).timestamp();
                cutoff = cutoff == null || last.isBefore(cutoff) ? last : cutoff;
            }
        }
        int[] next = new int[pages.size()];
        int[] end = new int[pages.size()];
        for (int k = 0; k < pages.size(); k++) {
            List<? extends StreamItem> page = pages.get(k);
            end[k] = page.size();
            if (cutoff != null && page.size() < pageSize) {
                for (int i = 0; i < page.size(); i++) {
                    if (page.get(i).timestamp().isAfter(cutoff)) {
                        end[k] = i;
                        break;
                    }
                }
            }
        }
        List<StreamItem> merged = new ArrayList<>();
        while (true) {
            int earliest = -1;
            for (int k = 0; k < pages.size(); k++) {
                if (next[k] < end[k] && (earliest < 0 || EARLIER.compare(pages.get(k).get(next[k]),
                        pages.get(earliest).get(next[earliest])) < 0)) {
                    earliest = k;
                }
            }
            if (earliest < 0) {
                return merged;
            }
            merged.add(pages.get(earliest).get(next[earliest]++));
        }
    }

    private static final Comparator<StreamItem> EARLIER =
            Comparator.comparing(StreamItem::timestamp).thenComparing(i -> i.kind().ordinal());
}
