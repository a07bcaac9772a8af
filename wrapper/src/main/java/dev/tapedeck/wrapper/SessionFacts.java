package dev.tapedeck.wrapper;

import com.google.gson.Gson;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.SessionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What is recorded about a session besides its output: the command, where and by whom it ran. */
final class SessionFacts {
    // Plain JSON (not HTML-safe), as the extraction events' metadata: people read it with sqlite3.
    private static final Gson GSON = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private SessionFacts() {
    }

    static NewSession newSession(RunOptions options, Instant startedAt) {
        ProcessHandle self = ProcessHandle.current();
        Instant selfStarted = self.info().startInstant().orElse(null);
        return NewSession.of(options.sessionId(), agent(options), startedAt)
                .withCommand(recorded(options, shellQuote(options.command())),
                        recorded(options, options.workingDirectory().toString()))
                .withProcess(hostName(), null, self.pid(), selfStarted);
    }

    /**
     * The session's {@code environment} as recorded, a JSON object: {@code term} and {@code shell}
     * (the variables TERM and SHELL), {@code locale} (the first of LC_ALL, LC_CTYPE and LANG that is
     * set) and {@code charset} (the locale's character set as the JVM read it), {@code columns} and
     * {@code rows} when the command runs on a terminal of ours of a known size, {@code input_recorded}
     * (whether what is typed is recorded: {@code --record-input} on a PTY), and {@code variables}:
     * the variables named with {@code --record-env} that are set. What is unknown or unset is left
     * out. Every value is redacted like every other fact.
     */
    static String environmentJson(RunOptions options, TerminalSize size, Map<String, String> env,
                                  boolean inputRecorded) {
        // One redactor for all of them (each costs the building of its keyword index, on the way to
        // the command's start): a private key block opened in one value could only hide more.
        Redactor redactor = redactorFor(options);
        Map<String, Object> environment = new java.util.LinkedHashMap<>();
        putRecorded(environment, "term", redactor, env.get("TERM"));
        putRecorded(environment, "shell", redactor, env.get("SHELL"));
        String locale = java.util.stream.Stream.of("LC_ALL", "LC_CTYPE", "LANG").map(env::get)
                .filter(value -> value != null && !value.isEmpty()).findFirst().orElse(null);
        putRecorded(environment, "locale", redactor, locale);
        putRecorded(environment, "charset", redactor,
                System.getProperty("native.encoding", System.getProperty("sun.jnu.encoding")));
        if (size != null) {
            environment.put("columns", size.columns());
            environment.put("rows", size.rows());
        }
        environment.put("input_recorded", inputRecorded);
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        for (String name : options.recordEnv()) {
            String value = env.get(name);
            if (value != null) {
                variables.put(name, recorded(redactor, value));
            }
        }
        if (!variables.isEmpty()) {
            environment.put("variables", variables);
        }
        return GSON.toJson(environment);
    }

    private static void putRecorded(Map<String, Object> environment, String key, Redactor redactor, String value) {
        if (value != null) {
            environment.put(key, recorded(redactor, value));
        }
    }

    /** A change of the terminal's size, as the state change {@code resized} holds it. */
    static String sizeJson(TerminalSize size) {
        return "{\"columns\":" + size.columns() + ",\"rows\":" + size.rows() + "}";
    }

    /** The agent name as recorded (with the session and on each of its events). */
    static String agent(RunOptions options) {
        return recorded(options, options.agent());
    }

    /**
     * A fact given on the command line or by the shell (the command, its folder, the agent name) as
     * it may be stored: redacted as clean text, JSON escapes read. Each gets a redactor of its own,
     * so a private key block opened in one does not swallow the next.
     */
    private static String recorded(RunOptions options, String text) {
        return recorded(redactorFor(options), text);
    }

    /** A redactor of the recorded facts, or null when redaction is off. */
    static Redactor redactorFor(RunOptions options) {
        return options.redaction().enabled() ? new Redactor(System.getenv(), options.redaction().alsoSecret()) : null;
    }

    static String recorded(Redactor redactor, String text) {
        if (redactor == null) {
            return text;
        }
        if (redactor.mayHideInEscapes(text)) {
            // Both readings at once: a secret the plain text shows only up to an escape goes whole.
            return redactor.redactThrough(text, List.of(TextView.plain(text), TextView.unescaped(text)),
                    redactor.ownViews(), false);
        }
        return redactor.redact(dev.tapedeck.store.Stream.STDOUT, text);
    }

    /** The command as one would type it in a POSIX shell. */
    static String shellQuote(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            if (!word.isEmpty() && SAFE_WORD.matcher(word).matches()) {
                line.append(word);
            } else {
                line.append('\'').append(word.replace("'", "'\\''")).append('\'');
            }
        }
        return line.toString();
    }

    /** How a session ended: its status and what is worth keeping about why. */
    record Ending(SessionStatus status, String metadataJson) {
    }

    /**
     * The status of a child that exited: killed when tapedeck passed a signal on or the exit code
     * says a signal (128+N, as the JVM and shells report it; an exit(130) cannot be told apart),
     * completed on 0, failed otherwise.
     */
    static Ending ending(int exitCode, String forwardedSignal, boolean killedAfterGrace) {
        return ending(exitCode, forwardedSignal, killedAfterGrace, 0, Map.of());
    }

    /**
     * As above, and what the end's state change tells of the recording: the lines lost (also in the
     * session's dropped_lines) and, per pattern, the lines on which it ran past its time budget (the
     * events it might have found there are missing).
     */
    static Ending ending(int exitCode, String forwardedSignal, boolean killedAfterGrace, long droppedLines,
                         Map<String, Long> budgetOverruns) {
        boolean bySignal = exitCode > 128 && exitCode < 128 + 32;
        SessionStatus status = forwardedSignal != null || bySignal ? SessionStatus.KILLED
                : exitCode == 0 ? SessionStatus.COMPLETED : SessionStatus.FAILED;
        Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        if (bySignal) {
            metadata.put("signal", exitCode - 128);
        }
        if (forwardedSignal != null) {
            metadata.put("forwarded_signal", "SIG" + forwardedSignal);
            metadata.put("killed_after_grace", killedAfterGrace);
        }
        if (droppedLines > 0) {
            metadata.put("dropped_lines", droppedLines);
        }
        if (!budgetOverruns.isEmpty()) {
            metadata.put("extraction_budget_overruns", budgetOverruns);
        }
        return new Ending(status, metadata.isEmpty() ? null : GSON.toJson(metadata));
    }

    /** Why the command could not start, as stored: the message names the command, so it is redacted like it. */
    static String errorJson(RunOptions options, String message) {
        return GSON.toJson(Map.of("error", recorded(options, message)));
    }

    /** The kernel's host name; asking the resolver could stall on a broken DNS set-up. */
    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown" : env;
        }
    }
}
