package dev.tapedeck.api.http;

import com.google.gson.JsonElement;
import dev.tapedeck.store.CodeBlockOccurrence;
import dev.tapedeck.store.CodeBlockSighting;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionSummary;
import dev.tapedeck.store.StateChange;
import dev.tapedeck.store.StoredCodeBlock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The JSON shapes of the API, one record each, apart from the stored records so that a schema
 * change never renames a field clients read. Field names follow the original tool's columns.
 */
public final class Views {
    private Views() {
    }

    public record SessionView(String sessionId, String agentName, String status, String commandLine,
                              String workingDirectory, String host, Long pid, Instant startedAt, Instant endedAt,
                              Integer exitCode, Double durationSeconds, long totalLinesProcessed, long stdoutLines,
                              long stderrLines, long outputBytes, long totalExtractionEvents, long totalCodeBlocks,
                              long droppedLines, String extractionConfigVersion, JsonElement environment) {
        public static SessionView of(Session s) {
            Double duration = s.endedAt() == null ? null : seconds(Duration.between(s.startedAt(), s.endedAt()));
            return new SessionView(s.sessionId(), s.agentName(), s.status().wireName(), s.commandLine(),
                    s.workingDirectory(), s.host(), s.pid(), s.startedAt(), s.endedAt(), s.exitCode(), duration,
                    s.totals().lines(), s.totals().stdoutLines(), s.totals().stderrLines(), s.totals().outputBytes(),
                    s.totals().extractionEvents(), s.totals().codeBlocks(), s.totals().droppedLines(),
                    s.extractionConfigVersion(), Json.parseStored(s.environmentJson()));
        }
    }

    /**
     * A session in a listing (the API's {@code sessions} and {@code tapedeck ls -o json}): the fields
     * of {@link SessionView} but its environment, then its short id, its error and high-risk counts, and its tokens and
     * cost ({@code null} when the session reported none; see {@link dev.tapedeck.store.Sessions#listSummaries}).
     */
    public record SessionListView(String sessionId, String shortId, String agentName, String status,
                                  String commandLine, String workingDirectory, String host, Long pid,
                                  Instant startedAt, Instant endedAt, Integer exitCode, Double durationSeconds,
                                  long totalLinesProcessed, long stdoutLines, long stderrLines, long outputBytes,
                                  long totalExtractionEvents, long totalCodeBlocks, long droppedLines,
                                  String extractionConfigVersion, long errors, long highRiskCommands,
                                  Long inputTokens, Long outputTokens, Double costUsd) {
        public static SessionListView of(SessionSummary summary) {
            SessionView s = SessionView.of(summary.session());
            return new SessionListView(s.sessionId(), summary.shortId(), s.agentName(), s.status(), s.commandLine(),
                    s.workingDirectory(), s.host(), s.pid(), s.startedAt(), s.endedAt(), s.exitCode(),
                    s.durationSeconds(), s.totalLinesProcessed(), s.stdoutLines(), s.stderrLines(), s.outputBytes(),
                    s.totalExtractionEvents(), s.totalCodeBlocks(), s.droppedLines(), s.extractionConfigVersion(),
                    summary.errors(), summary.highRiskCommands(), summary.inputTokens(), summary.outputTokens(),
                    summary.costUsd());
        }
    }

    public record StateView(long id, String sessionId, Instant timestamp, String state, Integer exitCode,
                            JsonElement metadata) {
        public static StateView of(StateChange c) {
            return new StateView(c.id(), c.sessionId(), c.timestamp(), c.state(), c.exitCode(),
                    Json.parseStored(c.metadataJson()));
        }
    }

    public record ExtractionView(long id, String agentName, String sessionId, Instant timestamp, String eventType,
                                 String pattern, String matchedValue, String originalLine, Long lineNumber,
                                 String riskLevel, boolean autoConfirmable, String codeBlockLanguage,
                                 JsonElement metadata) {
        public static ExtractionView of(Extraction x) {
            return new ExtractionView(x.id(), x.agentName(), x.sessionId(), x.timestamp(), x.eventType(),
                    x.pattern(), x.matchedValue(), x.originalLine(), x.lineNumber(),
                    x.riskLevel() == null ? null : x.riskLevel().wireName(), x.autoConfirmable(),
                    x.codeBlockLanguage(), Json.parseStored(x.metadataJson()));
        }
    }

    public record OccurrenceView(long id, String agentName, String sessionId, Instant timestamp, long lineStart,
                                 long lineEnd, boolean terminated) {
        public static OccurrenceView of(CodeBlockOccurrence o) {
            return new OccurrenceView(o.id(), o.agentName(), o.sessionId(), o.timestamp(), o.lineStart(),
                    o.lineEnd(), o.terminated());
        }
    }

    public record CodeBlockView(long id, String digest, String language, String content, String agentName,
                                String sessionId, Instant timestamp, long lineStart, long lineEnd, Boolean parseable,
                                JsonElement context, List<OccurrenceView> occurrences) {
        public static CodeBlockView of(StoredCodeBlock b) {
            return new CodeBlockView(b.id(), b.digest(), b.language(), b.content(), b.agentName(), b.sessionId(),
                    b.timestamp(), b.lineStart(), b.lineEnd(), b.parseable(), Json.parseStored(b.contextJson()),
                    b.occurrences().stream().map(OccurrenceView::of).toList());
        }
    }

    /** A code block as live and replay streams send it: one sighting with the block's content. */
    public record SightingView(long occurrenceId, long blockId, String digest, String language, String content,
                               String agentName, String sessionId, Instant timestamp, long lineStart, long lineEnd,
                               boolean terminated, boolean duplicate) {
        public static SightingView of(CodeBlockSighting s) {
            return new SightingView(s.occurrenceId(), s.blockId(), s.digest(), s.language(), s.content(),
                    s.agentName(), s.sessionId(), s.timestamp(), s.lineStart(), s.lineEnd(), s.terminated(),
                    s.duplicate());
        }
    }

    public record LineView(String sessionId, long lineNumber, String stream, Instant timestamp, String text,
                           boolean split) {
        public static LineView of(OutputLine l) {
            return new LineView(l.sessionId(), l.number(), l.stream().wireName(), l.timestamp(), l.text(), l.split());
        }
    }

    public static Double seconds(Duration duration) {
        return duration == null ? null : duration.toNanos() / 1e9;
    }
}
