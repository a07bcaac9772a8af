package dev.tapedeck.bench;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SearchFilter;
import dev.tapedeck.store.SearchIndexer;
import dev.tapedeck.store.SearchQuery;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Wall time of {@code tapedeck search}, JVM start included, over many recorded lines: builds the
 * database once when it is missing (default 10,000,000 lines in 1,000 sessions of 20 agents over 30
 * days, written through the store's write queue as {@code tapedeck run} writes them, and an error
 * event every 200 lines), fills the full-text index with the daemon's indexer until nothing is
 * pending, then runs the launcher as a process with stdout to a file (no terminal: no colour, no
 * pager), the variants alternating, and prints the median and p90 of each as a Markdown table,
 * with the store's query alone (in this process, warm) beside it. {@code tapedeck --version} is
 * the JVM start alone.
 *
 * <p>The text is a mix of log lines, compiler errors, stack frames, test summaries, npm warnings,
 * refused connections, Python traceback frames and prose drawn from 50,000 made-up words, most of
 * them rare (log-uniform); one word ({@value #RARE}) is planted about once a million lines.
 *
 * <p>Run from the repository root after {@code ./tapedeck --version} has built the jar and its
 * archive: {@code java -Xmx1g -cp bench/target/benchmarks.jar dev.tapedeck.bench.SearchHarness
 * [--db PATH] [--lines N] [--runs N] [--launcher ./tapedeck] [--build-only]}.
 */
public final class SearchHarness {
    static final String RARE = "quetzalcoatl";
    private static final int SESSIONS = 1_000;
    private static final int AGENTS = 20;
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "tre", "von", "sa", "ul", "pre", "dex", "or",
        "fi", "gra", "nu", "bel", "zo", "tim", "ar", "qui", "sen", "vo", "ly", "mar", "ex", "tu", "pho", "ren"};
    private static final String[] MODULES = {"orders", "billing", "auth", "cart", "search", "users", "catalog",
        "payments", "shipping", "reports"};
    private static final String[] CLASSES = {"OrderService", "InvoiceRepository", "TokenFilter", "CartController",
        "IndexWriter", "UserMapper", "PriceCalculator", "RetryPolicy", "ReportJob", "SessionCache"};
    private static final String[] LEVELS = {"INFO ", "INFO ", "INFO ", "DEBUG", "WARN ", "ERROR"};
    private static final String[] PACKAGES = {"left-pad", "request", "core-js", "uuid", "glob", "inflight",
        "rimraf", "querystring", "har-validator", "fsevents"};

    private SearchHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(QueryHarness.arg(args, "--db", "/tmp/search-bench.db")).toAbsolutePath();
        long lines = Long.parseLong(QueryHarness.arg(args, "--lines", "10000000"));
        int runs = Integer.parseInt(QueryHarness.arg(args, "--runs", "15"));
        String launcher = QueryHarness.arg(args, "--launcher", "./tapedeck");
        if (!Files.exists(db)) {
            long start = System.nanoTime();
            build(db, lines);
            System.out.printf("built %s: %,d lines in %.0f s%n", db, lines, (System.nanoTime() - start) / 1e9);
        }
        try (Database database = Database.open(db)) {
            long start = System.nanoTime();
            long indexed = indexAll(database);
            System.out.printf("search index: %,d row ids indexed in %.0f s; %,d bytes; pending %s%n", indexed,
                    (System.nanoTime() - start) / 1e9, Files.size(db), Arrays.toString(database.search().pending()));
        }
        if (Arrays.asList(args).contains("--build-only")) {
            return;
        }
        String[][] variants = {
            {"--version"},
            {"search", "--db", db.toString(), RARE},
            {"search", "--db", db.toString(), "error"},
            {"search", "--db", db.toString(), "mismatched types"},
            {"search", "--db", db.toString(), "conn*"},
            {"search", "--db", db.toString(), "refused", "--agent", "agent-07"},
            {"search", "--db", db.toString(), "deprecated refused"},
        };
        List<List<Long>> wall = new ArrayList<>();
        for (String[] variant : variants) {
            wall.add(new ArrayList<>());
            run(launcher, variant);
        }
        for (int r = 0; r < runs; r++) {
            for (int v = 0; v < variants.length; v++) {
                wall.get(v).add(run(launcher, variants[v]));
            }
        }
        List<List<Long>> query = inProcess(db, variants, runs);
        System.out.println("| command | wall median | wall p90 | query median | query p90 |");
        System.out.println("|---|---|---|---|---|");
        for (int v = 0; v < variants.length; v++) {
            long[] ms = sorted(wall.get(v));
            long[] q = sorted(query.get(v));
            String shown = String.join(" ", variants[v]).replace(db.toString(), "DB");
            System.out.printf(Locale.ROOT, "| `tapedeck %s` | %d ms | %d ms | %s | %s |%n", shown, ms[ms.length / 2],
                    p90(ms), q.length == 0 ? "-" : q[q.length / 2] + " ms", q.length == 0 ? "-" : p90(q) + " ms");
        }
    }

    /** The store's query and the pending check alone, as the command makes them, warm, in this JVM. */
    private static List<List<Long>> inProcess(Path db, String[][] variants, int runs) {
        List<List<Long>> times = new ArrayList<>();
        try (Database database = Database.open(db)) {
            for (String[] variant : variants) {
                times.add(new ArrayList<>());
            }
            for (int r = -1; r < runs; r++) {
                for (int v = 0; v < variants.length; v++) {
                    if (!variants[v][0].equals("search")) {
                        continue;
                    }
                    SearchQuery query = SearchQuery.parse(variants[v][3]);
                    int agent = Arrays.asList(variants[v]).indexOf("--agent");
                    SearchFilter filter = agent < 0 ? SearchFilter.ALL : SearchFilter.ALL.agent(variants[v][agent + 1]);
                    long start = System.nanoTime();
                    int hits = database.search().search(query, filter, 20).hits().size();
                    database.search().pending();
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (r >= 0) {
                        times.get(v).add(ms);
                    } else {
                        System.out.printf("%s: %d hits%n", variants[v][3], hits);
                    }
                }
            }
        }
        return times;
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static long p90(long[] sorted) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(sorted.length * 0.9))];
    }

    /** Milliseconds from start to exit of one run of the launcher; fails unless it exits 0 or 1 (no hits). */
    private static long run(String launcher, String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(Arrays.asList(args));
        File out = File.createTempFile("search-bench", ".out");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectOutput(out)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            int exit = process.waitFor();
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (exit != 0 && exit != 1) {
                throw new IllegalStateException(command + " exited with " + exit);
            }
            return ms;
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    private static void build(Path path, long lines) {
        Random random = new Random(15);
        String[] vocabulary = vocabulary(random, 50_000);
        long perSession = lines / SESSIONS;
        Instant first = Instant.parse("2026-11-01T00:00:00Z");
        long spacingMillis = Duration.ofDays(30).toMillis() / SESSIONS;
        long n = 0;
        try (Database db = Database.open(path)) {
            for (int s = 0; s < SESSIONS; s++) {
                String agent = String.format(Locale.ROOT, "agent-%02d", s % AGENTS);
                String id = String.format(Locale.ROOT, "search-%04d", s);
                Instant t0 = first.plusMillis(spacingMillis * s);
                put(db, NewSession.of(id, agent, t0).withCommand(agent + " --task " + s, "/work"));
                for (long l = 1; l <= perSession; l++) {
                    n++;
                    Instant at = t0.plusMillis(5 * l);
                    String text = n % 1_000_003 == 0 ? "note: " + RARE + " seen in " + id : line(random, vocabulary);
                    put(db, OutputLine.of(id, l, l % 7 == 0 ? Stream.STDERR : Stream.STDOUT, at, text));
                    if (l % 200 == 0) {
                        put(db, Extraction.of(agent, id, at, "error", "generic_error", text).withLine(l, text));
                    }
                }
                put(db, new SessionEnd(id, s % 10 == 0 ? SessionStatus.FAILED : SessionStatus.COMPLETED,
                        s % 10 == 0 ? 1 : 0, t0.plusMillis(5 * (perSession + 1)), 0, null));
                if (s % 100 == 99) {
                    System.out.printf("  %d sessions written%n", s + 1);
                }
            }
            db.flush();
        }
    }

    /** Made-up words of two to four syllables; picked log-uniformly, so a few are common and most rare. */
    private static String[] vocabulary(Random random, int size) {
        String[] words = new String[size];
        for (int i = 0; i < size; i++) {
            StringBuilder word = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int k = 0; k < syllables; k++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            words[i] = word.toString();
        }
        return words;
    }

    private static String word(Random random, String[] vocabulary) {
        return vocabulary[(int) Math.pow(vocabulary.length, random.nextDouble()) - 1];
    }

    private static String line(Random random, String[] vocabulary) {
        String module = MODULES[random.nextInt(MODULES.length)];
        String cls = CLASSES[random.nextInt(CLASSES.length)];
        return switch (random.nextInt(20)) {
            case 0, 1, 2, 3, 4, 5 -> String.format(Locale.ROOT, "2026-11-%02dT%02d:%02d:%02d.%03dZ %s [worker-%d] %s %s %s id=%d took %dms",
                    1 + random.nextInt(30), random.nextInt(24), random.nextInt(60), random.nextInt(60),
                    random.nextInt(1000), LEVELS[random.nextInt(LEVELS.length)], random.nextInt(16),
                    module, word(random, vocabulary), word(random, vocabulary), random.nextInt(1_000_000),
                    random.nextInt(5000));
            case 6, 7 -> String.format(Locale.ROOT, "src/main/java/com/acme/%s/%s.java:%d: error: cannot find symbol %s",
                    module, cls, 1 + random.nextInt(900), word(random, vocabulary));
            case 8 -> random.nextInt(10) == 0
                    ? String.format(Locale.ROOT, "error[E0308]: mismatched types in %s", word(random, vocabulary))
                    : String.format(Locale.ROOT, "warning: unused variable: `%s`", word(random, vocabulary));
            case 9, 10 -> String.format(Locale.ROOT, "\tat com.acme.%s.%s.%s(%s.java:%d)", module, cls,
                    word(random, vocabulary), cls, 1 + random.nextInt(900));
            case 11 -> String.format(Locale.ROOT, "[INFO] Tests run: %d, Failures: %d, Errors: 0, Skipped: %d, Time elapsed: %.3f s - in com.acme.%s.%sTest",
                    random.nextInt(200), random.nextInt(10) == 0 ? 1 : 0, random.nextInt(3), random.nextDouble() * 9,
                    module, cls);
            case 12 -> String.format(Locale.ROOT, "npm WARN deprecated %s@%d.%d.%d: this package is no longer supported",
                    PACKAGES[random.nextInt(PACKAGES.length)], random.nextInt(9), random.nextInt(20), random.nextInt(20));
            case 13 -> String.format(Locale.ROOT, "connection refused: connect to db-%d.internal:%d (attempt %d of 5)",
                    random.nextInt(8), 5432 + random.nextInt(3), 1 + random.nextInt(5));
            case 14 -> String.format(Locale.ROOT, "  File \"/work/%s/%s.py\", line %d, in %s", module,
                    word(random, vocabulary), 1 + random.nextInt(900), word(random, vocabulary));
            default -> {
                StringBuilder text = new StringBuilder(100);
                int words = 6 + random.nextInt(10);
                for (int w = 0; w < words; w++) {
                    text.append(w == 0 ? "" : " ").append(word(random, vocabulary));
                }
                yield text.append('.').toString();
            }
        };
    }

    private static long indexAll(Database db) {
        long total = 0;
        try (SearchIndexer indexer = db.openSearchIndexer()) {
            int n;
            // The daemon's transaction sizes (SearchIndexing), so the index has the segments real use gives it.
            while ((n = indexer.indexSome(40, 2_000)) > 0) {
                total += n;
            }
        }
        long[] pending = db.search().pending();
        if (pending[0] != 0 || pending[1] != 0) {
            throw new IllegalStateException("the index is not complete: " + Arrays.toString(pending) + " pending");
        }
        return total;
    }

    private static void put(Database db, Write write) {
        if (!db.writes().append(write, Duration.ofMinutes(1))) {
            throw new IllegalStateException("the store did not take a write within a minute");
        }
    }
}
