package dev.tapedeck.api;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.DatabaseTools;
import dev.tapedeck.store.Session;
import dev.tapedeck.wrapper.OrphanedSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option of the commands that read an existing database, and opening it. */
final class DbOption {
    @Option(names = "--db", paramLabel = "PATH",
            description = "Database file (default: $TAPEDECK_DB, else ~/.local/share/tapedeck/tapedeck.db).")
    Path db;

    Path path() {
        return DatabasePath.resolve(db);
    }

    DatabaseTools tools() {
        return DatabaseTools.of(path());
    }

    /**
     * Opens the database, which must exist (these commands never create one), and ends the
     * sessions whose recorder died, as every tapedeck that opens a database does.
     */
    Database openExisting() {
        Path path = path();
        if (!Files.exists(path)) {
            throw new Failures.UserError("no database at " + path, 1);
        }
        Database database = Database.open(path);
        OrphanedSessions.markInterrupted(database, true);
        return database;
    }

    /** The session, or a one-line error naming it and the database. */
    Session session(Database database, String sessionId) {
        return database.sessions().find(sessionId)
                .orElseThrow(() -> new Failures.UserError("no session '" + sessionId + "' in " + path(), 1));
    }
}
