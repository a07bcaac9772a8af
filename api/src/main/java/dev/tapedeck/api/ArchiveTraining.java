package dev.tapedeck.api;

import java.nio.file.Path;

/**
 * Not a command: what the launcher runs once per jar, under {@code -XX:DumpLoadedClassList}, to
 * list the classes for its class-data-sharing archive. It runs in one JVM the commands people start
 * most (a recording, then the reading commands on it, a usage error, and the help, which loads
 * every command), so that the archive maps
 * their classes instead of loading and verifying them on each start. One JVM, because the class
 * lists of several cannot simply be joined. Their output goes wherever the launcher sends it
 * (nowhere); the database is made in the folder given, which the launcher removes.
 */
public final class ArchiveTraining {
    private ArchiveTraining() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ArchiveTraining FOLDER (a scratch folder for the training database)");
            System.exit(2);
        }
        String db = Path.of(args[0]).resolve("train.db").toString();
        String[][] commands = {
            {"--version"},
            {"--help"},
            {"run", "--quiet", "--db", db, "--", "sh", "-c", "echo hello; echo 'error: boom' >&2; exit 3"},
            {"ls", "--db", db},
            {"ls", "--db", db, "-o", "json"},
            {"show", "last", "--db", db},
            {"show", "last", "--db", db, "-o", "json"},
            {"show", "last", "--db", db, "--lines", "1:2"},
            {"events", "--db", db},
            {"search", "boom", "--db", db},
            {"tail", "--db", db},
            {"export", "last", "--db", db},
            {"replay", "last", "--db", db, "--speed", "100"},
            {"db", "dump", "--db", db},
            {"ls", "--db", db, "--no-such-option"},
        };
        for (String[] command : commands) {
            Main.execute(command);
        }
        System.exit(0);
    }
}
