package dev.tapedeck.api;

import dev.tapedeck.api.cli.Figures;
import dev.tapedeck.api.cli.OutputFormat;
import dev.tapedeck.api.cli.OutputOptions;
import dev.tapedeck.api.cli.Printer;
import dev.tapedeck.api.cli.Screen;
import dev.tapedeck.api.cli.Table;
import dev.tapedeck.api.cli.Table.Align;
import dev.tapedeck.api.cli.Table.Cell;
import dev.tapedeck.api.http.Json;
import dev.tapedeck.api.http.Views.ExtractionView;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.Page;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.RiskLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tapedeck events}: extraction events across sessions, journalctl style: the newest N in time
 * order (oldest of them first), or every one with {@code --all}, and with {@code -f} the events every
 * recorder commits from then on, until Ctrl-C. Read through the store queries of
 * {@code GET /api/query/extractions} (its JSON objects are that route's) and, while following, the
 * commit-order poll the live streams use; so a follow misses nothing and prints nothing twice.
 */
@Command(name = "events",
        description = {"List extraction events across sessions, oldest first; with -f, follow new ones.",
            "Without -n or --all: the newest 20 that match."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class EventsCommand implements Callable<Integer> {
    static final long POLL_MILLIS = 200;
    private static final int DEFAULT_COUNT = 20;
    private static final int VALUE_WIDTH = 100;

    @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent's events.")
    String agent;

    @Option(names = "--session", paramLabel = "SESSION",
            description = "Only this session's events: last, last:AGENT, its id, or a unique prefix of the id.")
    String session;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type (error, shell_command, ...).")
    String type;

    @Option(names = "--risk", paramLabel = "RISK", converter = ShowCommand.RiskConverter.class,
            description = "Only events of this risk: low, medium or high.")
    RiskLevel risk;

    @Option(names = "--pattern", paramLabel = "NAME", description = "Only events of this pattern (python_traceback, ...).")
    String pattern;

    @Option(names = "--host", paramLabel = "HOST", description = "Only events of sessions recorded on this host.")
    String host;


    @Mixin
    TimeWindow window;

    @Option(names = "-n", paramLabel = "N",
            description = "Show the newest N events that match (default: " + DEFAULT_COUNT + "); 0 with -f shows"
                    + " only new ones.")
    Integer count;

    @Option(names = "--all", description = "Show every event that matches, oldest first.")
    boolean all;

    @Option(names = {"-f", "--follow"},
            description = "Then keep printing the events recorders commit, until Ctrl-C (never paged).")
    boolean follow;

    @Mixin
    OutputOptions output;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        checkOptions();
        try (Database database = db.openExisting()) {
            ExtractionFilter filter = new ExtractionFilter(agent,
                    session == null ? null : db.session(database, session).sessionId(), type, pattern, risk,
                    window.since, window.until, host);
            // Read before the listing, so that a follow starts where the listing's view of the table ended.
            long lastId = follow ? database.extractions().lastId() : 0;
            Screen screen = follow ? Screen.detect(true) : output.screen();
            Rows rows = new Rows(database, output.format(), screen);
            try (Printer out = Printer.open(screen)) {
                // Events past lastId the listing printed: the follow skips them.
                Set<Long> printed = new HashSet<>();
                if (all) {
                    printAll(database, filter, rows, out, x -> remember(x, lastId, printed));
                } else {
                    List<Extraction> events = newest(database, filter, count == null ? DEFAULT_COUNT : count);
                    rows.print(events, out);
                    events.forEach(x -> remember(x, lastId, printed));
                }
                rows.finish(out);
                if (follow) {
                    follow(database, filter, lastId, printed, rows, out);
                }
            }
        }
        return 0;
    }

    private void remember(Extraction x, long lastId, Set<Long> printed) {
        if (follow && x.id() > lastId) {
            printed.add(x.id());
        }
    }

    private void checkOptions() {
        window.check(spec.commandLine());
        if (count != null && count < (follow ? 0 : 1)) {
            throw usage("-n must be at least " + (follow ? 0 : 1) + ", got " + count);
        }
        if (count != null && all) {
            throw usage("-n and --all exclude each other");
        }
        if (follow && window.until != null) {
            throw usage("-f follows new events, so --until does not apply");
        }
        if (follow && output.format() == OutputFormat.JSON) {
            throw usage("-f prints events as they come: use -o ndjson (one object a line) or the table");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The newest count events that match, oldest first. */
    private static List<Extraction> newest(Database database, ExtractionFilter filter, int count) {
        List<Extraction> events = new ArrayList<>();
        String cursor = null;
        while (events.size() < count) {
            int want = Math.min(PageRequest.MAX_LIMIT, count - events.size());
            Page<Extraction> page = database.extractions().list(filter, new PageRequest(want, cursor));
            events.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
            if (cursor == null) {
                break;
            }
        }
        Collections.reverse(events);
        return events;
    }

    private static void printAll(Database database, ExtractionFilter filter, Rows rows, Printer out,
                                 Consumer<Extraction> printed) {
        String cursor = null;
        do {
            Page<Extraction> page = database.extractions().listOldestFirst(filter,
                    new PageRequest(PageRequest.MAX_LIMIT, cursor));
            rows.print(page.items(), out);
            page.items().forEach(printed);
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null && !out.gone());
    }

    /**
     * Polls for events committed after lastId, in commit order, skipping those the listing already
     * printed (committed between reading lastId and the listing), until interrupted or stdout's
     * reader goes away.
     */
    private static void follow(Database database, ExtractionFilter filter, long lastId, Set<Long> printed, Rows rows,
                               Printer out) throws InterruptedException {
        long after = lastId;
        while (!out.gone()) {
            List<Extraction> events = database.extractions().listAfter(after, filter, PageRequest.MAX_LIMIT);
            if (!events.isEmpty()) {
                after = events.get(events.size() - 1).id();
                List<Extraction> fresh = events.stream().filter(x -> !printed.remove(x.id())).toList();
                rows.print(fresh, out);
                out.flush();
            }
            if (events.size() < PageRequest.MAX_LIMIT) {
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    /**
     * Prints events in the chosen format a batch at a time: a table whose columns keep their widths
     * from batch to batch, a JSON array opened on the first batch and closed at the end, or one
     * object a line. Short session ids are made per batch. Owned by the command's thread.
     */
    private static final class Rows {
        private final Database database;
        private final OutputFormat format;
        private final Screen screen;
        private final Table table = new Table()
                .column("TIME", Align.LEFT, 20, 20)
                .column("SESSION", Align.LEFT, 6, 128)
                .column("AGENT", Align.LEFT, 8, 20)
                .column("TYPE", Align.LEFT, 14, 24)
                .column("RISK", Align.LEFT, 6, 6)
                .column("LINE", Align.RIGHT, 6, 10)
                .column("VALUE", Align.LEFT, 0, VALUE_WIDTH);
        private boolean headerDone;
        private long jsonItems;

        Rows(Database database, OutputFormat format, Screen screen) {
            this.database = database;
            this.format = format;
            this.screen = screen;
        }

        void print(List<Extraction> events, Printer out) {
            switch (format) {
                case TABLE -> {
                    Map<String, String> shortIds = database.sessions().shortIds(
                            events.stream().map(Extraction::sessionId).toList());
                    table.clearRows();
                    for (Extraction x : events) {
                        table.row(row(x, shortIds.getOrDefault(x.sessionId(), x.sessionId())));
                    }
                    if (!events.isEmpty() || !headerDone) {
                        table.render(screen.colour(), !headerDone, out::print);
                        headerDone = true;
                    }
                }
                case JSON -> {
                    for (Extraction x : events) {
                        out.print(jsonItems++ == 0 ? "[\n" : ",\n");
                        out.print(Json.write(ExtractionView.of(x)));
                    }
                }
                case NDJSON -> events.forEach(x -> out.print(Json.write(ExtractionView.of(x)) + "\n"));
                default -> throw new IllegalStateException("format " + format);
            }
        }

        /** Ends what the listing opened (the JSON array). */
        void finish(Printer out) {
            if (format == OutputFormat.JSON) {
                out.print(jsonItems == 0 ? "[]\n" : "\n]\n");
            }
            out.flush();
        }

        private static Cell[] row(Extraction x, String shortId) {
            return new Cell[] {
                Cell.of(Figures.time(x.timestamp())),
                Cell.of(shortId),
                Cell.of(x.agentName()),
                new Cell(x.eventType(), ShowCommand.IMPORTANT.contains(x.eventType()) ? "31" : null),
                new Cell(x.riskLevel() == null ? "-" : x.riskLevel().wireName(),
                        x.riskLevel() == RiskLevel.HIGH ? "33" : null),
                Cell.of(x.lineNumber()),
                Cell.of(ShowCommand.shownValue(x))};
        }
    }
}
