package dev.tapedeck.api;

import dev.tapedeck.api.cli.Figures;
import dev.tapedeck.api.cli.Listing;
import dev.tapedeck.api.cli.OutputOptions;
import dev.tapedeck.api.cli.Table;
import dev.tapedeck.api.cli.Table.Align;
import dev.tapedeck.api.cli.Table.Cell;
import dev.tapedeck.api.http.Views.SessionListView;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionFilter;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.SessionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tapedeck ls}: one row per session, newest first, read through the same store query as
 * {@code GET /api/query/sessions} ({@link dev.tapedeck.store.Sessions#listSummaries}); its JSON
 * objects are that route's.
 */
@Command(name = "ls", aliases = "sessions",
        description = "List recorded sessions, newest first.",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class LsCommand implements Callable<Integer> {
    private static final int COMMAND_WIDTH = 60;

    @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent's sessions.")
    String agent;

    @Option(names = "--status", paramLabel = "STATUS", converter = StatusConverter.class,
            description = "Only sessions in this state: running, completed, failed, killed, failed_to_start, interrupted.")
    SessionStatus status;

    @Option(names = "--host", paramLabel = "HOST", description = "Only sessions recorded on this host.")
    String host;


    @Mixin
    TimeWindow window;

    @Option(names = "-n", paramLabel = "N", description = "Show at most N sessions (default: 20).")
    Integer limit;

    @Option(names = "--all", description = "Show every session.")
    boolean all;

    @Mixin
    OutputOptions output;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must be at least 1, got " + limit);
        }
        if (limit != null && all) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n and --all exclude each other");
        }
        window.check(spec.commandLine());
        long wanted = all ? Long.MAX_VALUE : limit == null ? 20 : limit;
        SessionFilter filter = new SessionFilter(agent, status, null, window.since, window.until, host);
        List<SessionSummary> sessions;
        try (Database database = db.openExisting()) {
            sessions = database.sessions().listSummaries(filter, wanted);
        }
        Instant now = Instant.now();
        Listing.print(output, sessions, SessionListView::of, screen -> table(sessions, screen.terminal(), now));
        return 0;
    }

    private static Table table(List<SessionSummary> sessions, boolean terminal, Instant now) {
        Table table = new Table()
                .column("ID", Align.LEFT, 128)
                .column("AGENT", Align.LEFT, 20)
                .column("STATUS", Align.LEFT, 15)
                .column("EXIT", Align.RIGHT, 11)
                .column("STARTED", Align.LEFT, 20)
                .column("DURATION", Align.RIGHT, 10)
                .column("LINES", Align.RIGHT, 10)
                .column("ERRORS", Align.RIGHT, 10)
                .column("HIGH-RISK", Align.RIGHT, 10)
                .column("TOKENS", Align.RIGHT, 10)
                .column("COST", Align.RIGHT, 10)
                .column("COMMAND", Align.LEFT, COMMAND_WIDTH);
        for (SessionSummary summary : sessions) {
            Session s = summary.session();
            Long tokens = summary.inputTokens() == null && summary.outputTokens() == null ? null
                    : nonNull(summary.inputTokens()) + nonNull(summary.outputTokens());
            table.row(Cell.of(summary.shortId()),
                    Cell.of(s.agentName()),
                    new Cell(s.status().wireName(), statusColour(s.status())),
                    new Cell(s.exitCode() == null ? "-" : s.exitCode().toString(),
                            s.exitCode() != null && s.exitCode() != 0 ? "31" : null),
                    Cell.of(terminal ? Figures.ago(s.startedAt(), now) : Figures.time(s.startedAt())),
                    Cell.of(s.endedAt() == null ? null : Figures.span(Duration.between(s.startedAt(), s.endedAt()))),
                    Cell.of(s.totals().lines()),
                    new Cell(Long.toString(summary.errors()), summary.errors() > 0 ? "31" : null),
                    new Cell(Long.toString(summary.highRiskCommands()), summary.highRiskCommands() > 0 ? "33" : null),
                    Cell.of(tokens == null ? null : Figures.count(tokens)),
                    Cell.of(summary.costUsd() == null ? null : Figures.dollars(summary.costUsd())),
                    Cell.of(s.commandLine()));
        }
        return table;
    }

    private static long nonNull(Long value) {
        return value == null ? 0 : value;
    }

    private static String statusColour(SessionStatus status) {
        return switch (status) {
            case COMPLETED -> "32";
            case RUNNING -> "36";
            case FAILED, FAILED_TO_START -> "31";
            default -> "35";
        };
    }


    static final class StatusConverter implements CommandLine.ITypeConverter<SessionStatus> {
        @Override
        public SessionStatus convert(String value) {
            try {
                return SessionStatus.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
