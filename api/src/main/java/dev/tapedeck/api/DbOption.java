package dev.tapedeck.api;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.DatabaseTools;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionLookup;
import dev.tapedeck.store.StoreException;
import dev.tapedeck.wrapper.OrphanedSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option of the commands that read an existing database, and opening it. */
final class DbOption {
    @Option(names = "--db", paramLabel = "PATH",
            description = {DatabasePath.HELP, DatabasePath.HELP_DEFAULT})
    Path db;

    Path path() {
        return DatabasePath.resolve(db);
    }

    DatabaseTools tools() {
        return DatabaseTools.of(path());
    }

    /**
     * Opens the database for reading (see {@link Database#openForReading}), which must exist (these
     * commands never create one), and ends the sessions whose recorder died, as every tapedeck that
     * opens a database does (with a write connection of its own, opened only when there are some). A
     * database that cannot be written keeps them running, with a warning.
     */
    Database openExisting() {
        Path path = path();
        if (!Files.exists(path)) {
            throw new Failures.UserError("no database at " + path, 1);
        }
        Database database = Database.openForReading(path);
        try {
            endOrphans(database);
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static void endOrphans(Database database) {
        try {
            OrphanedSessions.markInterrupted(database, true);
        } catch (StoreException e) {
            int left = OrphanedSessions.find(database).size();
            if (left == 0) {
                throw e;
            }
            System.err.println("tapedeck: warning: " + (left == 1 ? "1 session whose recorder died stays"
                    : left + " sessions whose recorder died stay") + " 'running': " + e.getMessage());
        }
    }

    /**
     * The session a reference names (full id, unique prefix, last, last:AGENT; see
     * {@link dev.tapedeck.store.Sessions#lookup}), or a one-line error: none, naming the database, or
     * several, listing them. Exit 1 either way.
     */
    Session session(Database database, String reference) {
        SessionLookup lookup = database.sessions().lookup(reference);
        if (lookup instanceof SessionLookup.Found found) {
            return found.session();
        }
        if (lookup instanceof SessionLookup.Ambiguous) {
            throw new Failures.UserError(lookup.message(), 1);
        }
        throw new Failures.UserError(lookup.message() + " in " + path(), 1);
    }
}
