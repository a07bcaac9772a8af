package dev.tapedeck.api;

import dev.tapedeck.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the database is: {@code --db}, else $TAPEDECK_DB, else the default data folder
 * ~/.local/share/tapedeck. Only that default folder is ever made (by the commands that create a
 * database, {@code run} and {@code serve}); the folder of a path the user gave, by option or by
 * variable, must exist, so that a mistyped path fails instead of leaving folders behind.
 */
final class DatabasePath {
    /**
     * The --db help, in two lines: the default path on a line of its own, so that the help never
     * wraps it in the middle (a line break inside a path cannot be copied back).
     */
    static final String HELP = "Database file (default: $TAPEDECK_DB, else";
    static final String HELP_DEFAULT = "~/.local/share/tapedeck/tapedeck.db).";
    private DatabasePath() {
    }

    static Path resolve(Path option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv("TAPEDECK_DB");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        // $HOME, as the shell's "~" means; the JVM's user.home comes from the password database.
        String home = System.getenv("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".local", "share", "tapedeck", "tapedeck.db");
    }

    /** Whether the user named the database (by --db or $TAPEDECK_DB) rather than taking the default. */
    static boolean isGiven(Path option) {
        String env = System.getenv("TAPEDECK_DB");
        return option != null || env != null && !env.isBlank();
    }

    /**
     * The path for a command that creates the database when it is missing: the default data folder
     * is made first if needed. A StoreException when it cannot be made, as for a database that does
     * not open.
     */
    static Path withDefaultFolder(Path option) {
        Path path = resolve(option);
        if (!isGiven(option) && !Files.isDirectory(path.getParent())) {
            try {
                Files.createDirectories(path.getParent());
            } catch (IOException e) {
                throw new StoreException("database " + path + ": create the data folder " + path.getParent()
                        + " failed: " + e.getMessage(), e);
            }
        }
        return path;
    }
}
