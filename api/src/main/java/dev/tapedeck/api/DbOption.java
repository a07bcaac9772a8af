package dev.tapedeck.api;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.DatabaseTools;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionLookup;
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
