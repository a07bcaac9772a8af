package dev.tapedeck.api;

import java.nio.file.Path;

/** Where the database is when {@code --db} is not given: $TAPEDECK_DB, else ~/.local/share/tapedeck. */
final class DatabasePath {
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
}
