package dev.tapedeck.api.sse;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads what one session recorded, in time order, page by page after a cursor: the kinds asked
 * for, lines of one stream when given. Live streams, replays and exports all read through it.
 */
public final class SessionItems {
    static final int PAGE = 500;

    private final Database db;
    private final String sessionId;
    private final String agentName;
    private final Set<StreamItem.Kind> kinds;
    private final Stream stream;

    public SessionItems(Database db, Session session, Set<StreamItem.Kind> kinds, Stream stream) {
        this.db = db;
        this.sessionId = session.sessionId();
        this.agentName = session.agentName();
        this.kinds = Set.copyOf(kinds);
        this.stream = stream;
    }

    public Set<StreamItem.Kind> kinds() {
        return kinds;
    }

    /** The next items after the cursor (not advancing it), in order; empty when there are none yet. */
    public List<StreamItem> readAfter(StreamCursor at) {
        List<List<? extends StreamItem>> pages = new ArrayList<>(4);
        if (kinds.contains(StreamItem.Kind.LINE)) {
            // Line numbers are positions, ids are not: the line after the last possible one is none
            // (position + 1 would wrap to the first line and the stream would read it forever).
            long line = at.position(StreamItem.Kind.LINE);
            pages.add(line == Long.MAX_VALUE ? List.of() : db.output().listLines(sessionId, line + 1, PAGE, stream)
                    .stream().map(StreamItem.Line::new).toList());
        }
        if (kinds.contains(StreamItem.Kind.EXTRACTION)) {
            pages.add(db.extractions().listAfter(at.position(StreamItem.Kind.EXTRACTION),
                    ExtractionFilter.ALL.session(sessionId), PAGE).stream().map(StreamItem.Event::new).toList());
        }
        if (kinds.contains(StreamItem.Kind.CODE_BLOCK)) {
            pages.add(db.codeBlocks().listSightingsAfter(at.position(StreamItem.Kind.CODE_BLOCK), sessionId, null,
                    PAGE).stream().map(StreamItem.Block::new).toList());
        }
        if (kinds.contains(StreamItem.Kind.STATE)) {
            pages.add(db.sessions().listStateChangesAfter(at.position(StreamItem.Kind.STATE), sessionId, null, PAGE)
                    .stream().map(c -> new StreamItem.State(c, agentName)).toList());
        }
        return Follower.merge(pages, PAGE);
    }
}
