package dev.tapedeck.api;

import dev.tapedeck.api.export.Exporter;
import dev.tapedeck.api.export.RecordedTerminal;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.FileMessages;
import dev.tapedeck.store.Session;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tapedeck export}: one session as asciicast, NDJSON, CSV or HAR, to a file or stdout. */
@Command(name = "export",
        description = "Export a recorded session as asciicast (asciinema), ndjson, csv or har.",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SESSION", description = "The session: last, last:AGENT, its id, or a unique prefix of the id.")
    String sessionId;

    @Option(names = "--format", paramLabel = "F", defaultValue = "ndjson",
            description = "asciicast (v2), asciicast-v3, ndjson, csv or har (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--v3", description = "With --format asciicast: asciicast v3 (the same as --format asciicast-v3).")
    boolean v3;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE instead of stdout ('-' is stdout).")
    Path output;

    @Mixin
    DbOption db;

    @Override
    public Integer call() throws IOException {
        Exporter.Format chosen;
        try {
            chosen = Exporter.Format.parse(format);
        } catch (IllegalArgumentException e) {
            throw new Failures.UserError("--format: " + e.getMessage(), 2);
        }
        if (v3) {
            if (chosen != Exporter.Format.ASCIICAST && chosen != Exporter.Format.ASCIICAST_V3) {
                throw new Failures.UserError("--v3 goes with --format asciicast, not " + chosen.wireName(), 2);
            }
            chosen = Exporter.Format.ASCIICAST_V3;
        }
        boolean toStdout = output == null || output.toString().equals("-");
        if (!toStdout && Files.isDirectory(output)) {
            throw new Failures.UserError("-o " + output + " is a folder; give a file name", 2);
        }
        try (Database database = db.openExisting()) {
            Session session = db.session(database, sessionId);
            boolean cast = chosen == Exporter.Format.ASCIICAST || chosen == Exporter.Format.ASCIICAST_V3;
            if (cast && !RecordedTerminal.of(session).hasSize()) {
                System.err.println("tapedeck: note: session " + session.sessionId() + " has no recorded terminal size"
                        + " (it ran on pipes); the asciicast uses " + RecordedTerminal.DEFAULT_COLUMNS + "x"
                        + RecordedTerminal.DEFAULT_ROWS);
            }
            if (toStdout || output.toString().equals("-")) {
                OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                new Exporter(database, session).write(chosen, out);
                out.flush();
            } else {
                Path partial = output.resolveSibling(output.getFileName() + ".partial");
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                    new Exporter(database, session).write(chosen, out);
                } catch (IOException | UncheckedIOException e) {
                    Files.deleteIfExists(partial);
                    throw new Failures.UserError("write " + output + " failed: " + FileMessages.reasonOf(e), 1);
                }
                try {
                    Files.move(partial, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    Files.deleteIfExists(partial);
                    throw new Failures.UserError("write " + output + " failed: " + FileMessages.reasonOf(e), 1);
                }
            }
        }
        return 0;
    }
}
