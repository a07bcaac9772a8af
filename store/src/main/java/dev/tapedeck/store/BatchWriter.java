package dev.tapedeck.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one batch in one {@code BEGIN IMMEDIATE} transaction on the writer's connection. Lines are
 * gathered into runs of consecutive lines per session, each run one {@code output_chunks} row, and
 * every session's totals are updated once at the end of the transaction that wrote its rows.
 *
 * <p>When a batch fails it is rolled back whole; {@link #commitEach} then writes it again with each
 * write (each run of lines) in its own savepoint, so one bad write costs only itself. Owned by the
 * writer thread.
 */
final class BatchWriter {
    private static final long MAX_RUN_CHARS = 1 << 20;

    private final SqlConnection connection;
    private final WriteStatements sql;
    private final int maxRunLines;

    BatchWriter(SqlConnection connection, int maxRunLines) {
        this.connection = connection;
        this.sql = new WriteStatements(connection);
        this.maxRunLines = maxRunLines;
    }

    /** Writes every write of the batch, or none of them. */
    void commit(List<Write> batch) throws SQLException {
        try {
            Transactions.immediate(connection.jdbc(), () -> writeAll(batch));
        } catch (SQLException | RuntimeException e) {
            sql.clearExtractions();
            throw e;
        }
    }

    private void writeAll(List<Write> batch) throws SQLException {
        Map<String, WriteStatements.SessionCounts> counts = new LinkedHashMap<>();
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        Map<WriteStatements.MinuteKey, Long> minutes = new HashMap<>();
        for (Write write : batch) {
            if (write instanceof OutputLine line) {
                addToRun(runs, line);
            } else if (write instanceof Extraction x) {
                sql.addExtraction(x);
                countsOf(counts, x.sessionId()).extractions++;
                minutes.merge(WriteStatements.MinuteKey.of(x), 1L, Long::sum);
            } else {
                apply(write, counts);
            }
        }
        sql.executeExtractions();
        for (Map.Entry<String, List<Run>> session : runs.entrySet()) {
            for (Run run : session.getValue()) {
                insertRun(session.getKey(), run, counts);
            }
        }
        addTotals(counts);
        sql.addMinutes(minutes);
    }

    /**
     * Writes each write of the batch in its own savepoint of one transaction and returns those that
     * failed. Throws when the transaction itself fails (then nothing was written).
     */
    List<Write> commitEach(List<Write> batch) throws SQLException {
        List<Write> failed = new ArrayList<>();
        Transactions.immediate(connection.jdbc(), () -> {
            failed.clear();
            Map<String, WriteStatements.SessionCounts> counts = new LinkedHashMap<>();
            Map<String, List<Run>> runs = new LinkedHashMap<>();
            Map<WriteStatements.MinuteKey, Long> minutes = new HashMap<>();
            for (Write write : batch) {
                if (write instanceof OutputLine line) {
                    addToRun(runs, line);
                } else if (!trySavepoint(() -> apply(write, counts))) {
                    failed.add(write);
                } else if (write instanceof Extraction x) {
                    minutes.merge(WriteStatements.MinuteKey.of(x), 1L, Long::sum);
                }
            }
            for (Map.Entry<String, List<Run>> session : runs.entrySet()) {
                for (Run run : session.getValue()) {
                    if (!trySavepoint(() -> insertRun(session.getKey(), run, counts))) {
                        failed.addAll(run.lines);
                    }
                }
            }
            addTotals(counts);
            sql.addMinutes(minutes);
        });
        return failed;
    }

    private boolean trySavepoint(Transactions.SqlBody body) throws SQLException {
        try {
            Transactions.savepoint(connection.jdbc(), body);
            return true;
        } catch (SQLException | RuntimeException e) {
            // The failure becomes state: the caller counts the write as failed.
            return false;
        }
    }

    private void apply(Write write, Map<String, WriteStatements.SessionCounts> counts) throws SQLException {
        if (write instanceof NewSession s) {
            sql.insertSession(s);
        } else if (write instanceof SessionUpdate u) {
            sql.updateSession(u);
        } else if (write instanceof SessionEnd e) {
            sql.endSession(e);
        } else if (write instanceof StateChange c) {
            sql.insertStateChange(c);
        } else if (write instanceof Extraction x) {
            sql.insertExtraction(x);
            countsOf(counts, x.sessionId()).extractions++;
        } else if (write instanceof CodeBlock b) {
            sql.saveCodeBlock(b);
            countsOf(counts, b.sessionId()).codeBlocks++;
        } else if (write instanceof RedactionCounts r) {
            sql.addRedactions(r);
        } else if (write instanceof DroppedLines d) {
            sql.addDropped(d);
        } else {
            throw new IllegalStateException("unexpected write " + write.getClass().getSimpleName());
        }
    }

    private void addToRun(Map<String, List<Run>> runs, OutputLine line) {
        List<Run> sessionRuns = runs.computeIfAbsent(line.sessionId(), id -> new ArrayList<>());
        Run last = sessionRuns.isEmpty() ? null : sessionRuns.get(sessionRuns.size() - 1);
        if (last == null || !last.accepts(line, maxRunLines)) {
            last = new Run();
            sessionRuns.add(last);
        }
        last.add(line);
    }

    private void insertRun(String sessionId, Run run, Map<String, WriteStatements.SessionCounts> counts)
            throws SQLException {
        LineChunks.Encoded chunk = LineChunks.encode(run.lines);
        sql.insertChunk(sessionId, chunk);
        WriteStatements.SessionCounts c = countsOf(counts, sessionId);
        c.stdoutLines += chunk.stdoutLines();
        c.stderrLines += chunk.stderrLines();
        c.outputBytes += chunk.outputBytes();
    }

    private void addTotals(Map<String, WriteStatements.SessionCounts> counts) throws SQLException {
        for (Map.Entry<String, WriteStatements.SessionCounts> entry : counts.entrySet()) {
            sql.addTotals(entry.getKey(), entry.getValue());
        }
    }

    private static WriteStatements.SessionCounts countsOf(Map<String, WriteStatements.SessionCounts> counts,
                                                          String sessionId) {
        return counts.computeIfAbsent(sessionId, id -> new WriteStatements.SessionCounts());
    }

    /** Consecutive lines of one session that become one chunk row. */
    private static final class Run {
        final List<OutputLine> lines = new ArrayList<>();
        long chars;

        boolean accepts(OutputLine line, int maxLines) {
            OutputLine last = lines.get(lines.size() - 1);
            return line.number() == last.number() + 1 && lines.size() < maxLines && chars < MAX_RUN_CHARS;
        }

        void add(OutputLine line) {
            lines.add(line);
            chars += line.text().length() + (line.raw() == null ? 0 : line.raw().length);
        }
    }
}
