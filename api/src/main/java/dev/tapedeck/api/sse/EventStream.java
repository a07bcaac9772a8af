package dev.tapedeck.api.sse;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.RiskLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/stream/events}: new extraction events and state changes of every session, filtered by
 * agent, event type and risk. Type and risk filter extraction events; state changes, which have
 * neither, are sent only when no type or risk is asked for. It never ends by itself.
 */
final class EventStream extends Follower {
    static final int PAGE = 500;

    private final Database db;
    private final String agentName;
    private final String eventType;
    private final RiskLevel risk;

    EventStream(SseChannel channel, Tail tail, StreamCursor cursor, Database db, String agentName, String eventType,
                RiskLevel risk) {
        super(channel, tail, cursor);
        this.db = db;
        this.agentName = agentName;
        this.eventType = eventType;
        this.risk = risk;
    }

    private boolean wantsStates() {
        return eventType == null && risk == null;
    }

    @Override
    boolean matches(StreamItem item) {
        if (item instanceof StreamItem.Event event) {
            Extraction x = event.extraction();
            return (agentName == null || agentName.equals(x.agentName()))
                    && (eventType == null || eventType.equals(x.eventType()))
                    && (risk == null || risk == x.riskLevel());
        }
        if (item instanceof StreamItem.State state) {
            return wantsStates() && (agentName == null || agentName.equals(state.agentName()));
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
        ExtractionFilter filter = new ExtractionFilter(agentName, null, eventType, null, risk, null, null, null);
        pages.add(db.extractions().listAfter(at.position(StreamItem.Kind.EXTRACTION), filter, PAGE).stream()
                .map(StreamItem.Event::new).toList());
        if (wantsStates()) {
            pages.add(db.sessions().listStateChangesAfter(at.position(StreamItem.Kind.STATE), null, agentName, PAGE)
                    .stream().map(c -> new StreamItem.State(c, agentName)).toList());
        }
        return merge(pages, PAGE);
    }

    @Override
    boolean finished(List<StreamItem> batch, boolean caughtUp) {
        return false;
    }
}
