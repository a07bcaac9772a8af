package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errors a shell and the commands typed at it print, {@code program: [operand: ]reason}:
 * {@code rm: cannot remove 'x': Permission denied}, {@code bash: foo: command not found}, {@code
 * zsh: command not found: foo}, {@code cat: x: No such file or directory}, {@code python3: can't
 * open file '/x.py': [Errno 2] No such file or directory}, {@code bash: line 1: cd: x: Not a
 * directory}, {@code psql: error: connection ... failed: ...}; and a sentence that says it failed
 * and why, {@code Failed to connect to bus: Host is down} (systemd), {@code Error response from
 * daemon: ...} (docker). The reason must be one of the C
 * library's messages, a "cannot"/"can't", or {@code error:}/{@code fatal:}: the program's name alone
 * says nothing. Value: the whole line; metadata: the program.
 */
final class CommandErrorLine implements Recognizer {
    static final String NAME = "command_error";
    private static final List<String> REASONS = List.of("No such file or directory", "Permission denied",
            "command not found", "Is a directory", "Not a directory", "Directory not empty", "File exists",
            "Operation not permitted", "Read-only file system", "No space left on device", "not found",
            "cannot ", "can't ", "Cannot ", "Argument list too long", "Too many open files", "Killed",
            "Host is down", "Connection refused", "Connection timed out", "Network is unreachable");
    private static final List<String> KEYWORDS = java.util.stream.Stream.concat(REASONS.stream(),
            java.util.stream.Stream.of(": error: ", ": fatal: ", "Failed to ", "Unable to ", "Could not ",
                    "Error response from daemon: ")).toList();
    /** A program (a lowercase name or a path, perhaps -bash), then bash's "line N: ", then the rest. */
    private static final Pattern LINE = Pattern.compile(
            "^-?(?<program>[a-z][\\w.+-]{0,31}|/[\\w./+-]{1,128})(?:: line \\d{1,9}| \\d{1,9})?: (?<rest>\\S)");
    private static final List<String> NOT_PROGRAMS = List.of("error", "warning", "fatal", "note", "hint", "info",
            "debug", "remote", "http", "https", "usage", "see", "tip", "todo", "example");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return KEYWORDS;
    }

    @Override
    public Recognized recognize(String body, String previous) {
        if (startsAFailure(body)) {
            String value = LogLevelLine.valueOf(body);
            return value == null ? null : Recognized.of(Found.of("error", NAME, value, new LinkedHashMap<>()));
        }
        if (body.isEmpty() || !(body.charAt(0) >= 'a' && body.charAt(0) <= 'z' || body.charAt(0) == '/'
                || body.charAt(0) == '-')) {
            return null;
        }
        Matcher m = LINE.matcher(body);
        if (!m.lookingAt() || NOT_PROGRAMS.contains(m.group("program")) || !statesAReason(body, m.start("rest"))) {
            return null;
        }
        String value = LogLevelLine.valueOf(body);
        if (value == null) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        String program = m.group("program");
        metadata.put("program", program.substring(program.lastIndexOf('/') + 1));
        return Recognized.of(Found.of("error", NAME, value, metadata));
    }

    /**
     * systemd's and many C tools' "Failed to connect to bus: Host is down": a sentence that says it
     * failed, then a colon and the reason.
     */
    private static boolean startsAFailure(String body) {
        if (body.startsWith("Error response from daemon: ")) { // docker
            return true;
        }
        if (!(body.startsWith("Failed to ") || body.startsWith("Unable to ") || body.startsWith("Could not "))) {
            return false;
        }
        int colon = body.indexOf(": ");
        return colon > 12 && colon + 2 < body.length() && Character.isLetter(body.charAt(colon + 2));
    }

    /** True when the text after the program ends with a C library reason, says it cannot, or is an error. */
    private static boolean statesAReason(String body, int from) {
        String rest = body.substring(from).stripTrailing();
        if (rest.startsWith("error: ") || rest.startsWith("fatal: ")) { // psql: error: ..., collect2: error: ...
            return true;
        }
        for (String reason : REASONS) {
            if (reason.endsWith(" ") ? rest.startsWith(reason) || rest.contains(": " + reason)
                    : rest.endsWith(reason) || rest.startsWith(reason + ": ")) {
                return true;
            }
        }
        return false;
    }
}
