package dev.tapedeck.api;

import dev.tapedeck.api.export.Exporter;
import dev.tapedeck.store.Database;
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
    @Parameters(index = "0", paramLabel = "SESSION", description = "The session: its id, a unique prefix of it, last, or last:AGENT.")
    String sessionId;

    @Option(names = "--format", paramLabel = "F", defaultValue = "ndjson",
            description = "asciicast, ndjson, csv or har (default: ${DEFAULT-VALUE}).")
    String format;

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
        try (Database database = db.openExisting()) {
            Session session = db.session(database, sessionId);
            if (output == null || output.toString().equals("-")) {
                OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                new Exporter(database, session).write(chosen, out);
                out.flush();
            } else {
                Path partial = output.resolveSibling(output.getFileName() + ".partial");
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                    new Exporter(database, session).write(chosen, out);
                } catch (IOException | UncheckedIOException e) {
                    Files.deleteIfExists(partial);
                    throw new Failures.UserError("write " + output + " failed: " + e.getMessage(), 1);
                }
                Files.move(partial, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return 0;
    }
}
