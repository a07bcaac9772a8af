package dev.tapedeck.api.sse;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/stream/events}: new extraction events and state changes of every session, filtered by
 * agent, session, event type, pattern and risk ({@code tapedeck events -f} also filters by host: a
 * live item carries no host, and {@link #matches} runs on the shared tail thread, where no lookup
 * may wait). Type, pattern and risk filter extraction events; state changes, which have none of
 * them, are sent only when none is asked for. It never ends by itself.
 */
final class EventStream extends Follower {
    static final int PAGE = 500;

    private final Database db;
    private final ExtractionFilter filter;

    EventStream(SseChannel channel, Tail tail, StreamCursor cursor, Database db, ExtractionFilter filter) {
        super(channel, tail, cursor);
        if (filter.host() != null || filter.since() != null || filter.until() != null) {
            throw new IllegalArgumentException("a live stream filters by agent, session, type, pattern and risk only");
        }
        this.db = db;
        this.filter = filter;
    }

    private boolean wantsStates() {
        return filter.eventType() == null && filter.pattern() == null && filter.riskLevel() == null;
    }

    @Override
    boolean matches(StreamItem item) {
        if (item instanceof StreamItem.Event event) {
            Extraction x = event.extraction();
            return (filter.agentName() == null || filter.agentName().equals(x.agentName()))
                    && (filter.sessionId() == null || filter.sessionId().equals(x.sessionId()))
                    && (filter.eventType() == null || filter.eventType().equals(x.eventType()))
                    && (filter.pattern() == null || filter.pattern().equals(x.pattern()))
                    && (filter.riskLevel() == null || filter.riskLevel() == x.riskLevel());
        }
        if (item instanceof StreamItem.State state) {
            return wantsStates()
                    && (filter.agentName() == null || filter.agentName().equals(state.agentName()))
                    && (filter.sessionId() == null || filter.sessionId().equals(state.change().sessionId()));
        }
        return false;
    }

    @Override
    boolean wantsLines() {
        return false;
    }

    @Override
    boolean wantsLinesOf(String sessionId) {
        return false;
    }

    @Override
    String kindName() {
        return "events";
    }

    @Override
    List<StreamItem> readAfter(StreamCursor at) {
        List<List<? extends StreamItem>> pages = new ArrayList<>(2);
        pages.add(db.extractions().listAfter(at.position(StreamItem.Kind.EXTRACTION), filter, PAGE).stream()
                .map(StreamItem.Event::new).toList());
        if (wantsStates()) {
            pages.add(db.sessions().listStateChangesAfter(at.position(StreamItem.Kind.STATE), filter.sessionId(),
                    filter.agentName(), PAGE).stream()
                    .map(c -> new StreamItem.State(c, filter.agentName())).toList());
        }
        return merge(pages, PAGE);
    }

    @Override
    boolean finished(List<StreamItem> batch, boolean caughtUp) {
        return false;
    }
}
