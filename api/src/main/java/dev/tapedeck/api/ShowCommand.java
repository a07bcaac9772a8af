package dev.tapedeck.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import dev.tapedeck.api.cli.CleanText;
import dev.tapedeck.api.cli.Figures;
import dev.tapedeck.api.cli.OutputFormat;
import dev.tapedeck.api.cli.OutputOptions;
import dev.tapedeck.api.cli.Printer;
import dev.tapedeck.api.cli.Screen;
import dev.tapedeck.api.cli.Table;
import dev.tapedeck.api.cli.Table.Align;
import dev.tapedeck.api.cli.Table.Cell;
import dev.tapedeck.api.export.RecordedTerminal;
import dev.tapedeck.api.http.Json;
import dev.tapedeck.api.http.Views.CodeBlockView;
import dev.tapedeck.api.http.Views.ExtractionView;
import dev.tapedeck.api.http.Views.SessionListView;
import dev.tapedeck.store.CodeBlockFilter;
import dev.tapedeck.store.CodeBlockOccurrence;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.Extractions;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Page;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionSummary;
import dev.tapedeck.store.StoredCodeBlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tapedeck show SESSION}: a session's facts, its events in time order and its code blocks,
 * read through the store queries the HTTP routes use (the facts are {@code GET /api/query/sessions}'s
 * objects, the events {@code /api/query/extractions}', the blocks {@code /api/query/code-blocks}').
 * By default the events are those that say what broke (see {@link #IMPORTANT}) and high-risk ones,
 * with at most {@link #OTHERS} of the rest; {@code --all} lists them all. {@code --lines} prints
 * the clean output instead. Every recorded text is cleaned before it reaches the screen.
 */
@Command(name = "show",
        description = "Show a session: its facts, its events in time order and its code blocks.",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class ShowCommand implements Callable<Integer> {
    /** Event types that say something broke: always shown. */
    static final Set<String> IMPORTANT = Set.of("error", "exception", "compiler_error", "test_failure");
    static final int OTHERS = 20;
    private static final int VALUE_WIDTH = 100;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SESSION",
            description = "The session: last, last:AGENT, its id, or a unique prefix of the id.")
    String reference;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type (error, shell_command, ...).")
    String type;

    @Option(names = "--risk", paramLabel = "RISK", converter = RiskConverter.class,
            description = "Only events of this risk: low, medium or high.")
    RiskLevel risk;

    @Option(names = "--all", description = "Every event, not only errors, high-risk ones and the first "
            + OTHERS + " of the rest.")
    boolean all;

    @Option(names = "--lines", paramLabel = "FROM:TO", arity = "0..1", fallbackValue = ":",
            description = "Print the clean output with line numbers instead: every line, or lines FROM to TO"
                    + " (both optional, inclusive).")
    String lines;

    @Mixin
    OutputOptions output;

    @Mixin
    DbOption db;

    /** What {@code -o json} prints: one object. */
    record ShowView(SessionListView facts, String model, List<ExtractionView> events, long eventsLeftOut,
                    List<CodeBlockView> codeBlocks) {
    }

    @Override
    public Integer call() {
        if (reference == null && lines != null && lines.indexOf(':') < 0) {
            // "show --lines last": --lines takes an optional value, so the session came as its value.
            reference = lines;
            lines = ":";
        }
        if (reference == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing required parameter: 'SESSION'");
        }
        long[] range = lines == null ? null : range(lines);
        try (Database database = db.openExisting()) {
            Session session = db.session(database, reference);
            if (range != null) {
                printLines(database, session, range);
                return 0;
            }
            SessionSummary summary = database.sessions().summarise(session);
            Extractions extractions = database.extractions();
            String id = session.sessionId();
            boolean chosen = all || type != null || risk != null;
            List<Extraction> shown = chosen ? extractions.listOfSession(id, type, risk)
                    : extractions.listHighlightsOfSession(id, IMPORTANT, OTHERS);
            long leftOut = chosen ? 0 : extractions.countByType(id).values().stream().mapToLong(Long::longValue).sum()
                    - shown.size();
            String model = shown.stream().filter(x -> x.eventType().equals("model")).map(Extraction::matchedValue)
                    .findFirst().orElseGet(() -> extractions.listOfSession(id, "model", null).stream()
                            .map(Extraction::matchedValue).findFirst().orElse(null));
            List<StoredCodeBlock> blocks = codeBlocks(database, session.sessionId());
            print(summary, model, shown, leftOut, blocks);
        }
        return 0;
    }

    private void print(SessionSummary summary, String model, List<Extraction> events, long leftOut,
                       List<StoredCodeBlock> blocks) {
        Screen screen = output.screen();
        try (Printer out = Printer.open(screen)) {
            if (output.format() != OutputFormat.TABLE) {
                ShowView view = new ShowView(SessionListView.of(summary), model,
                        events.stream().map(ExtractionView::of).toList(), leftOut,
                        blocks.stream().map(CodeBlockView::of).toList());
                out.print(Json.write(view) + "\n");
                return;
            }
            facts(summary, model, screen.terminal()).render(false, out::print);
            out.print("\n");
            eventTable(summary.session(), events).render(screen.colour(), out::print);
            if (leftOut > 0) {
                out.print("(" + leftOut + " more event" + (leftOut == 1 ? "" : "s") + " left out; --all shows them)\n");
            }
            out.print("\n");
            blockTable(summary.session().sessionId(), blocks).render(screen.colour(), out::print);
        }
    }

    private static Table facts(SessionSummary summary, String model, boolean terminal) {
        Session s = summary.session();
        Table t = new Table().column("SESSION", Align.LEFT, 12).column(CleanText.of(s.sessionId()), Align.LEFT, 200);
        Long tokens = summary.inputTokens() == null && summary.outputTokens() == null ? null
                : nonNull(summary.inputTokens()) + nonNull(summary.outputTokens());
        t.row(Cell.of("command"), Cell.of(s.commandLine()));
        t.row(Cell.of("directory"), Cell.of(s.workingDirectory()));
        t.row(Cell.of("host"), Cell.of(s.host()));
        t.row(Cell.of("terminal"), Cell.of(terminal(RecordedTerminal.of(s))));
        t.row(Cell.of("agent"), Cell.of(s.agentName()));
        t.row(Cell.of("status"), Cell.of(s.status().wireName()));
        t.row(Cell.of("exit code"), Cell.of(s.exitCode()));
        t.row(Cell.of("started"), Cell.of(Figures.time(s.startedAt())));
        t.row(Cell.of("duration"), Cell.of(s.endedAt() == null ? null
                : Figures.span(Duration.between(s.startedAt(), s.endedAt()))));
        t.row(Cell.of("lines"), Cell.of(s.totals().lines()));
        t.row(Cell.of("events"), Cell.of(s.totals().extractionEvents()));
        t.row(Cell.of("errors"), Cell.of(summary.errors()));
        t.row(Cell.of("high-risk"), Cell.of(summary.highRiskCommands()));
        t.row(Cell.of("model"), Cell.of(model));
        t.row(Cell.of("tokens"), Cell.of(tokens == null ? null : nonNull(summary.inputTokens()) + " in, "
                + nonNull(summary.outputTokens()) + " out"));
        t.row(Cell.of("cost"), Cell.of(summary.costUsd() == null ? null : Figures.dollars(summary.costUsd())));
        return t;
    }

    /**
     * "100x30, xterm-256color": the recorded terminal's size and TERM, then ", input recorded" when
     * what was typed was (run --record-input); "no terminal" on pipes.
     */
    private static String terminal(RecordedTerminal recorded) {
        String size = recorded.hasSize() ? recorded.columns() + "x" + recorded.rows() : "no terminal size";
        String terminal = recorded.term() == null ? (recorded.hasSize() ? size : null) : size + ", " + recorded.term();
        return terminal == null || !recorded.inputRecorded() ? terminal : terminal + ", input recorded";
    }

    private static Table eventTable(Session session, List<Extraction> events) {
        Table t = new Table().column("OFFSET", Align.RIGHT, 12).column("LINE", Align.RIGHT, 10)
                .column("TYPE", Align.LEFT, 24).column("RISK", Align.LEFT, 6).column("VALUE", Align.LEFT, VALUE_WIDTH);
        for (Extraction x : events) {
            Duration offset = Duration.between(session.startedAt(), x.timestamp());
            boolean broke = IMPORTANT.contains(x.eventType());
            t.row(Cell.of(offset.isNegative() ? "-" : "+" + Figures.span(offset)),
                    Cell.of(x.lineNumber()),
                    new Cell(x.eventType(), broke ? "31" : null),
                    new Cell(x.riskLevel() == null ? "-" : x.riskLevel().wireName(),
                            x.riskLevel() == RiskLevel.HIGH ? "33" : null),
                    Cell.of(shownValue(x)));
        }
        return t;
    }

    /**
     * An event's value as a table shows it to a person. An exception's value is its message alone
     * (its type is in the metadata, as the API gives it), so {@code KeyError: 1} would show as
     * {@code 1}: a table puts the type back in front.
     */
    static String shownValue(Extraction x) {
        String value = x.matchedValue();
        if (!x.eventType().equals("exception") || x.metadataJson() == null) {
            return value;
        }
        JsonElement metadata = Json.parseStored(x.metadataJson());
        if (!metadata.isJsonObject() || !(metadata.getAsJsonObject().get("type") instanceof JsonPrimitive type)
                || !type.isString()) {
            return value;
        }
        String name = type.getAsString();
        return value == null || value.isEmpty() ? name : value.startsWith(name) ? value : name + ": " + value;
    }

    private static Table blockTable(String sessionId, List<StoredCodeBlock> blocks) {
        Table t = new Table().column("LANGUAGE", Align.LEFT, 16).column("LINES", Align.RIGHT, 23)
                .column("FIRST LINE", Align.LEFT, VALUE_WIDTH);
        for (StoredCodeBlock b : blocks) {
            CodeBlockOccurrence here = b.occurrences().stream().filter(o -> o.sessionId().equals(sessionId))
                    .findFirst().orElse(null);
            long start = here == null ? b.lineStart() : here.lineStart();
            long end = here == null ? b.lineEnd() : here.lineEnd();
            String first = b.content().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            t.row(Cell.of(b.language()), Cell.of(start + "-" + end), Cell.of(first.strip()));
        }
        return t;
    }

    /** The session's code blocks in the order they were first printed. */
    private static List<StoredCodeBlock> codeBlocks(Database database, String sessionId) {
        List<StoredCodeBlock> blocks = new ArrayList<>();
        String cursor = null;
        do {
            Page<StoredCodeBlock> page = database.codeBlocks().list(CodeBlockFilter.ALL.session(sessionId),
                    new PageRequest(PageRequest.MAX_LIMIT, cursor));
            blocks.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        blocks.sort(Comparator.comparingLong(StoredCodeBlock::id));
        return blocks;
    }

    private void printLines(Database database, Session session, long[] range) {
        if (output.format() != OutputFormat.TABLE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lines prints text; -o does not apply");
        }
        try (Printer out = Printer.open(output.screen())) {
            long next = range[0];
            int width = Long.toString(Math.min(range[1], Math.max(session.totals().lines(), range[0]))).length();
            while (next <= range[1]) {
                int want = (int) Math.min(PageRequest.MAX_LIMIT, range[1] - next + 1);
                List<OutputLine> page = database.output().listLines(session.sessionId(), next, want, null);
                for (OutputLine line : page) {
                    String number = Long.toString(line.number());
                    out.print(" ".repeat(Math.max(0, width - number.length())) + number + "  "
                            + CleanText.of(line.text()) + "\n");
                    next = line.number() + 1;
                }
                if (page.size() < want) {
                    break;
                }
            }
        }
    }

    /** FROM:TO, either side optional, both at least 1 and FROM not past TO. */
    private long[] range(String text) {
        int colon = text.indexOf(':');
        try {
            if (colon < 0) {
                throw new NumberFormatException();
            }
            String from = text.substring(0, colon).strip();
            String to = text.substring(colon + 1).strip();
            long f = from.isEmpty() ? 1 : Long.parseLong(from);
            long t = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
            if (f < 1 || t < f) {
                throw new NumberFormatException();
            }
            return new long[] {f, t};
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lines takes FROM:TO (line numbers from 1,"
                    + " FROM not after TO, either may be left out), got '" + CleanText.of(text) + "'");
        }
    }

    private static long nonNull(Long value) {
        return value == null ? 0 : value;
    }

    static final class RiskConverter implements CommandLine.ITypeConverter<RiskLevel> {
        @Override
        public RiskLevel convert(String value) {
            try {
                return RiskLevel.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
