package dev.tapedeck.api;

import com.google.gson.Gson;
import dev.tapedeck.api.export.Exporter;
import dev.tapedeck.api.http.Json;
import dev.tapedeck.api.http.Views;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.DatabaseTools;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.Page;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionFilter;
import java.io.BufferedOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tapedeck db}: look after the database file. */
@Command(name = "db",
        description = "Check, inspect, back up, query and reset the database.",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        subcommands = {DbCommand.Check.class, DbCommand.Stats.class, DbCommand.Vacuum.class, DbCommand.Backup.class,
            DbCommand.Dump.class, DbCommand.Query.class, DbCommand.Reset.class})
final class DbCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a db command is required: check, stats, vacuum, backup, dump, query or reset");
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static void progress(CommandSpec spec, String text) {
        spec.commandLine().getErr().println("tapedeck: " + text);
        spec.commandLine().getErr().flush();
    }

    @Command(name = "check", description = "Integrity check, schema version and sizes; exit 1 on a problem.",
            mixinStandardHelpOptions = true)
    static final class Check implements Callable<Integer> {
        @Mixin
        DbOption db;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DatabaseTools.Check check = db.tools().check();
            PrintWriter out = spec.commandLine().getOut();
            out.println("database: " + db.path());
            out.println("integrity: " + (check.ok() ? "ok" : String.join("; ", check.problems())));
            out.println("schema version: " + check.schemaVersion() + " (this tapedeck: "
                    + Database.latestSchemaVersion() + ")");
            out.println("file: " + megabytes(check.fileBytes()) + ", wal: " + megabytes(check.walBytes())
                    + ", in use: " + megabytes(check.usedBytes()));
            out.flush();
            return check.ok() ? 0 : 1;
        }
    }

    @Command(name = "stats", description = "What the database holds.", mixinStandardHelpOptions = true)
    static final class Stats implements Callable<Integer> {
        @Mixin
        DbOption db;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "One JSON object instead of text.")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Long> stats = db.tools().stats();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Long> keyed = new LinkedHashMap<>();
                stats.forEach((k, v) -> keyed.put(k.replace(' ', '_'), v));
                out.println(new Gson().toJson(keyed));
            } else {
                stats.forEach((k, v) -> out.printf(Locale.ROOT, "%-22s %,d%n", k + ":", v));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "vacuum", description = "Give the free pages back to the file system (holds the write lock"
            + " while it runs).", mixinStandardHelpOptions = true)
    static final class Vacuum implements Callable<Integer> {
        @Mixin
        DbOption db;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DatabaseTools tools = db.tools();
            long before = tools.check().fileBytes();
            progress(spec, "vacuuming " + db.path() + " (" + megabytes(before) + "); recorders wait until it is"
                    + " done");
            long start = System.nanoTime();
            tools.vacuum();
            progress(spec, String.format(Locale.ROOT, "vacuumed in %.1f s: %s -> %s", (System.nanoTime() - start)
                    / 1e9, megabytes(before), megabytes(tools.check().fileBytes())));
            return 0;
        }
    }

    @Command(name = "backup", description = "Write a consistent copy to FILE while recorders keep writing.",
            mixinStandardHelpOptions = true)
    static final class Backup implements Callable<Integer> {
        @Mixin
        DbOption db;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE", description = "The copy to write; must not exist. '-' writes it"
                + " to stdout.")
        Path target;

        @Override
        public Integer call() throws IOException {
            DatabaseTools tools = db.tools();
            boolean stdout = target.toString().equals("-");
            if (!stdout && Files.exists(target)) {
                // Said before "backing up ...", not after it.
                throw new Failures.UserError("backup target " + target + " already exists", 1);
            }
            Path folder = target.toAbsolutePath().getParent();
            if (!stdout && !Files.isDirectory(folder)) {
                throw new Failures.UserError("backup target " + target + ": folder " + folder + " does not exist", 1);
            }
            progress(spec, "backing up " + db.path() + " (" + megabytes(tools.check().usedBytes()) + " in use) to "
                    + (stdout ? "stdout" : target));
            long start = System.nanoTime();
            if (stdout) {
                backUpToStdout(tools);
            } else {
                tools.backupTo(target);
            }
            progress(spec, String.format(Locale.ROOT, "backup written in %.1f s", (System.nanoTime() - start) / 1e9));
            return 0;
        }

        /** VACUUM INTO writes only to a new file: one in a private temporary folder, copied out, removed. */
        private static void backUpToStdout(DatabaseTools tools) throws IOException {
            Path folder = Files.createTempDirectory("tapedeck-backup-");
            Path copy = folder.resolve("backup.db");
            try {
                tools.backupTo(copy);
                Files.copy(copy, System.out);
                System.out.flush();
            } finally {
                Files.deleteIfExists(copy);
                Files.deleteIfExists(folder);
            }
        }
    }

    @Command(name = "dump", description = "The sessions as JSON lines, or one session with everything it"
            + " recorded.", mixinStandardHelpOptions = true)
    static final class Dump implements Callable<Integer> {
        @Mixin
        DbOption db;
        @Option(names = "--session", paramLabel = "SESSION", description = "Dump this session (last, last:AGENT, its"
                + " id, or a unique prefix of the id): its lines and events.")
        String sessionId;

        @Override
        public Integer call() throws IOException {
            try (Database database = db.openExisting()) {
                OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                if (sessionId != null) {
                    Session session = db.session(database, sessionId);
                    out.write((Json.write(Views.SessionView.of(session)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    new Exporter(database, session).write(Exporter.Format.NDJSON, out);
                } else {
                    PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
                    while (page != null) {
                        Page<Session> sessions = database.sessions().list(SessionFilter.ALL, page);
                        for (Session s : sessions.items()) {
                            out.write((Json.write(Views.SessionView.of(s)) + "\n")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        }
                        page = sessions.nextCursor().map(c -> new PageRequest(PageRequest.MAX_LIMIT, c)).orElse(null);
                    }
                }
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "query", description = {"Run one SQL statement that only reads (SELECT, WITH, VALUES, EXPLAIN,"
            + " PRAGMA NAME); anything else is refused before it runs.",
            "Exit 1 when refused or failed, " + Query.TIMED_OUT + " when stopped by --timeout."},
            mixinStandardHelpOptions = true)
    static final class Query implements Callable<Integer> {
        /** As timeout(1) exits when its command ran out of time. */
        static final int TIMED_OUT = 124;
        private static final double MAX_TIMEOUT_SECONDS = 86_400;

        @Mixin
        DbOption db;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "SQL", description = "The statement, in one argument (quote it);"
                + " one statement only.")
        String sql;
        @Option(names = "--json", description = "One JSON object per row instead of tab-separated text.")
        boolean json;
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "Stop the statement after this long (default: ${DEFAULT-VALUE}).")
        double timeoutSeconds;

        @Override
        public Integer call() {
            if (!(timeoutSeconds > 0 && timeoutSeconds <= MAX_TIMEOUT_SECONDS)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--timeout must be in (0, " + (long) MAX_TIMEOUT_SECONDS + "] seconds, got " + timeoutSeconds);
            }
            PrintWriter out = spec.commandLine().getOut();
            List<List<String>> columns = new java.util.ArrayList<>(1);
            Duration limit = Duration.ofNanos((long) Math.ceil(timeoutSeconds * 1e9));
            try (QueryWatchdog watchdog = QueryWatchdog.start(limit, () -> {
                PrintWriter err = spec.commandLine().getErr();
                err.println("tapedeck: " + stoppedMessage());
                err.flush();
            }, TIMED_OUT)) {
                return run(out, columns, limit);
            }
        }

        private int run(PrintWriter out, List<List<String>> columns, Duration limit) {
            boolean finished = db.tools().query(sql, limit, names -> {
                columns.add(names);
                if (!json) {
                    out.println(String.join("\t", names));
                }
            }, row -> {
                if (json) {
                    Map<String, Object> object = new LinkedHashMap<>();
                    for (int i = 0; i < row.size(); i++) {
                        object.put(columns.get(0).get(i), row.get(i));
                    }
                    out.println(Json.GSON.toJson(object));
                } else {
                    out.println(row.stream().map(v -> v == null ? "NULL" : v.toString().replace('\t', ' ')
                            .replace('\n', ' ')).collect(Collectors.joining("\t")));
                }
            });
            out.flush();
            if (!finished) {
                throw new Failures.UserError(stoppedMessage(), TIMED_OUT);
            }
            return 0;
        }

        private String stoppedMessage() {
            String limit = timeoutSeconds == Math.rint(timeoutSeconds) ? Long.toString((long) timeoutSeconds)
                    : Double.toString(timeoutSeconds);
            return "query stopped: it ran longer than --timeout " + limit + " s";
        }
    }

    @Command(name = "reset", description = "Delete everything recorded. Asks first; --force does not.",
            mixinStandardHelpOptions = true)
    static final class Reset implements Callable<Integer> {
        @Mixin
        DbOption db;
        @Spec
        CommandSpec spec;
        @Option(names = "--force", description = "Do not ask.")
        boolean force;

        @Override
        public Integer call() {
            DatabaseTools tools = db.tools();
            if (!force) {
                Console console = System.console();
                if (console == null) {
                    throw new Failures.UserError("db reset deletes everything in " + db.path()
                            + "; without a terminal to confirm on, give --force", 2);
                }
                String answer = console.readLine("Delete every session, line and event in %s? Type 'yes': ",
                        db.path());
                if (answer == null || !answer.strip().equals("yes")) {
                    progress(spec, "nothing deleted");
                    return 1;
                }
            }
            progress(spec, "deleting everything in " + db.path());
            tools.reset();
            progress(spec, "done; the database is empty");
            return 0;
        }
    }
}
