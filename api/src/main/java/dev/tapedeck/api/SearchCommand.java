package dev.tapedeck.api;

import dev.tapedeck.api.cli.CleanText;
import dev.tapedeck.api.cli.Figures;
import dev.tapedeck.api.cli.Listing;
import dev.tapedeck.api.cli.OutputFormat;
import dev.tapedeck.api.cli.OutputOptions;
import dev.tapedeck.api.cli.Table;
import dev.tapedeck.api.cli.Table.Align;
import dev.tapedeck.api.cli.Table.Cell;
import dev.tapedeck.api.http.QueryRoutes.HitView;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.SearchFilter;
import dev.tapedeck.store.SearchHit;
import dev.tapedeck.store.SearchQuery;
import dev.tapedeck.store.SearchResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tapedeck search}: full-text search over recorded lines and extraction events through the
 * same store query as {@code GET /api/query/search} ({@link dev.tapedeck.store.Search}); its JSON
 * objects are that route's hits. The index is filled by the daemon; a database recorded while none
 * ran is indexed here first, for at most {@link #CATCH_UP}, and what is left unindexed is said on
 * stderr. No hits is exit 1 with nothing on stdout, as for grep.
 */
@Command(name = "search",
        description = {"Search recorded output and events for lines holding every word of QUERY.",
            "Words match whole words, case-insensitively; word* matches a prefix. Newest hits first."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class SearchCommand implements Callable<Integer> {
    static final Duration CATCH_UP = Duration.ofSeconds(2);
    private static final int MAX_LIMIT = 1000;
    private static final int TEXT_WIDTH = 100;
    /** How much of a long line a snippet keeps before its first match. */
    private static final int BEFORE_MATCH = 30;

    @Parameters(arity = "1..*", paramLabel = "QUERY",
            description = "Words, each of which must occur in the line or event; word* is a prefix.")
    List<String> words;

    @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent's sessions.")
    String agent;

    @Option(names = "--session", paramLabel = "SESSION",
            description = "Only this session: last, last:AGENT, its id, or a unique prefix of the id.")
    String session;


    @Mixin
    TimeWindow window;

    @Option(names = "-n", paramLabel = "N", description = "Show at most N hits (default: 20, at most 1000).")
    Integer limit;

    @Mixin
    OutputOptions output;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "-n must be in [1, " + MAX_LIMIT + "], got " + limit);
        }
        String text = String.join(" ", words);
        SearchQuery query = parse(text);
        window.check(spec.commandLine());
        List<SearchHit> hits;
        Map<String, String> shortIds;
        try (Database database = db.openExisting()) {
            String sessionId = session == null ? null : db.session(database, session).sessionId();
            long[] pending = catchUp(database);
            SearchResult result = database.search().search(query, new SearchFilter(agent, sessionId, window.since, window.until),
                    limit == null ? 20 : limit);
            hits = result.hits();
            if (result.cutShort()) {
                System.err.println("tapedeck: the search stopped at its bound on output read (many chunks hold"
                        + " every word, few lines do); older matches may exist: narrow it with --agent,"
                        + " --session, --since or --until");
            }
            shortIds = database.sessions().shortIds(hits.stream().map(SearchHit::sessionId).toList());
            if (pending[0] > 0 || pending[1] > 0) {
                System.err.println("tapedeck: the search index is behind: " + count(pending[0], "chunk")
                        + " of recorded output and " + count(pending[1], "event") + " were not searched (run search"
                        + " again, or keep tapedeck serve running: it indexes as sessions record)");
            }
        }
        if (hits.isEmpty()) {
            System.err.println("tapedeck: no hits for '" + CleanText.of(text) + "'");
            if (output.format() == OutputFormat.JSON) {
                Listing.print(output, hits, HitView::of, screen -> null);
            }
            return 1;
        }
        Instant now = Instant.now();
        Listing.print(output, hits, HitView::of, screen -> table(hits, shortIds, screen.terminal(), now));
        return 0;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private SearchQuery parse(String text) {
        try {
            return SearchQuery.parse(text);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new CommandLine.ParameterException(spec.commandLine(),
                    CleanText.of(message.startsWith("q ") ? "QUERY " + message.substring(2) : message));
        }
    }

    /** Indexes what a daemon has not, within CATCH_UP; a database that cannot be written is searched as it is. */
    private long[] catchUp(Database database) {
        try {
            return SearchIndexing.catchUp(database, CATCH_UP);
        } catch (RuntimeException e) {
            System.err.println("tapedeck: could not bring the search index up to date: " + e.getMessage());
            return database.search().pending();
        }
    }

    private static Table table(List<SearchHit> hits, Map<String, String> shortIds, boolean terminal, Instant now) {
        Table table = new Table()
                .column("SESSION", Align.LEFT, 128)
                .column("LINE", Align.RIGHT, 12)
                .column("TIME", Align.LEFT, 20)
                .column("TYPE", Align.LEFT, 20)
                .column("TEXT", Align.LEFT, TEXT_WIDTH);
        for (SearchHit hit : hits) {
            String type = hit.eventType() != null ? hit.eventType()
                    : hit.stream() == null ? hit.kind() : hit.stream().wireName();
            table.row(Cell.of(shortIds.getOrDefault(hit.sessionId(), hit.sessionId())),
                    Cell.of(hit.lineNumber()),
                    Cell.of(terminal ? Figures.ago(hit.timestamp(), now) : Figures.time(hit.timestamp())),
                    Cell.of(type),
                    snippet(hit));
        }
        return table;
    }

    /**
     * The hit's text cleaned, matches marked, starting a little before the first match when the
     * match lies beyond what the column shows; the table cuts the end.
     */
    static Cell snippet(SearchHit hit) {
        CleanText.Marked marked = CleanText.of(hit.text(), hit.highlights());
        String text = marked.text();
        List<int[]> marks = marked.ranges();
        int first = marks.isEmpty() ? 0 : marks.get(0)[0];
        if (first + 10 <= TEXT_WIDTH - 1) {
            return new Cell(text, null, marks);
        }
        int start = first - BEFORE_MATCH;
        if (Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        List<int[]> moved = new ArrayList<>(marks.size());
        for (int[] mark : marks) {
            if (mark[0] >= start) {
                moved.add(new int[] {mark[0] - start + 1, mark[1] - start + 1});
            }
        }
        return new Cell("…" + text.substring(start), null, moved);
    }
}
