package dev.tapedeck.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cleaning up after a command that made a database and then failed to start: the file, its WAL and
 * shared-memory files, and the folder when the command made that too. What cannot be removed is
 * added to the first failure, never put in its place.
 */
final class StartFailure {
    private StartFailure() {
    }

    /** Removes database and its side files; folder (null: keep) when it is then empty. */
    static void removeCreated(Path database, Path folder, Throwable failure) {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            try {
                Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        if (folder != null) {
            try {
                Files.deleteIfExists(folder);
            } catch (IOException e) {
                // Not empty (someone else's files now): it stays, which is right.
                failure.addSuppressed(e);
            }
        }
    }
}
