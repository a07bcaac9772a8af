package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Errors a build tool prints under its own name, and the linker's. {@code prog: error: message}
 * and {@code prog: fatal error: message} ({@code cc1}, {@code gcc}, {@code clang}, argparse's
 * {@code prog.py: error:}) are an {@code error}, {@code prog: warning: message} a {@code warning}; {@code collect2: error: ld returned 1 exit status}
 * and {@code clang: error: linker command failed} too when they stand alone, but they end the
 * linker problem before them when there is one ({@link LinkerTail}). The linker: each
 * {@code undefined reference to `foo'} and {@code multiple definition of `foo'} line (after
 * {@code /usr/bin/ld: }, with {@code file.c:(.text+0xa)} or, built with -g, {@code file.c:3}) is one
 * {@code error} (the references to the same symbol right after it are the same problem) with the
 * symbol, the function named by the {@code in function `main':} line above
 * (which is silent) and the file and line when given; other {@code ld:} lines are an {@code error}
 * ({@code cannot find -lfoo}) or, after {@code warning:}, a {@code warning}; macOS's
 * {@code Undefined symbols for architecture arm64:} block is one {@code error}.
 */
final class ToolError implements Recognizer {
    static final String NAME = "tool_error";
    static final String LINKER = "linker";
    private static final int MAX_TOOL_CHARS = 64;
    private static final List<String> KEYWORDS = List.of(": error: ", ": fatal error: ", ": warning: ",
            "undefined reference to ", "multiple definition of ", "ld: ", "Undefined symbols for architecture ");
    private static final List<String> PROBLEMS = List.of("undefined reference to ", "multiple definition of ");

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
        if (body.startsWith("Undefined symbols for architecture ")) {
            return new Recognized(Found.of("error", LINKER, body.strip(), Map.of()), new LinkerTail(true, null));
        }
        int colon = toolEnd(body);
        String tool = colon < 0 ? null : body.substring(0, colon);
        String rest = colon < 0 ? body : body.substring(colon + 2);
        for (String problem : PROBLEMS) {
            int at = rest.indexOf(problem);
            if (at >= 0 && (tool == null || isLinker(tool))) {
                return reference(rest, at, previous);
            }
        }
        if (tool == null) {
            return null;
        }
        boolean linker = isLinker(tool);
        if (linker && rest.contains(": in function ")) {
            return Recognized.silent(null);
        }
        if (rest.startsWith("warning: ") && rest.length() > 9) {
            // the linker's, or a driver's: "clang: warning: argument unused during compilation: '-pthread'"
            return Recognized.of(Found.of("warning", linker ? LINKER : NAME, rest.substring(9).strip(),
                    Map.of("tool", tool)));
        }
        int message = rest.startsWith("error: ") ? 7 : rest.startsWith("fatal error: ") ? 13 : linker ? 0 : -1;
        if (message < 0 || rest.length() == message) {
            return null;
        }
        String text = rest.substring(message).strip();
        if (linker && text.startsWith("undefined symbol: ")) {
            // lld: "ld.lld: error: undefined symbol: foo", then ">>> referenced by main.c:3"
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("tool", tool);
            metadata.put("symbol", text.substring(18).strip());
            return new Recognized(Found.of("error", LINKER, text, metadata), new LinkerTail(false, null));
        }
        boolean linkFailed = linker || text.startsWith("linker command failed") || text.startsWith("ld returned");
        Found found = Found.of("error", linkFailed ? LINKER : NAME, text, Map.of("tool", tool));
        boolean driverVerdict = text.startsWith("ld returned") || text.startsWith("linker command failed");
        return linker && !driverVerdict ? new Recognized(found, new LinkerTail(false, null)) : Recognized.of(found);
    }

    /** The end of the tool's name before {@code ": "} at the start of body, or -1. */
    private static int toolEnd(String body) {
        if (body.isEmpty() || !(body.charAt(0) >= 'a' && body.charAt(0) <= 'z' || body.charAt(0) == '/')) {
            return -1;
        }
        int limit = Math.min(body.length() - 1, MAX_TOOL_CHARS);
        for (int i = 1; i < limit; i++) {
            char c = body.charAt(i);
            if (c == ':') {
                return body.charAt(i + 1) == ' ' ? i : -1;
            }
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '/' || c == '_' || c == '-' || c == '+')) {
                return -1;
            }
        }
        return -1;
    }

    static boolean isLinker(String tool) {
        String name = tool.substring(tool.lastIndexOf('/') + 1);
        return name.equals("ld") || name.startsWith("ld.") || name.equals("collect2") || name.equals("lld")
                || name.endsWith("-ld");
    }

    /** One undefined reference or multiple definition: the symbol, and where when the line says. */
    private static Recognized reference(String rest, int at, String previous) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        SourceLocation location = SourceLocation.at(rest, 0);
        if (location != null && location.end() <= at) {
            metadata.put("file", location.path());
            metadata.put("line", location.line());
        }
        int semicolon = rest.indexOf("; ", at);
        String value = (semicolon < 0 ? rest.substring(at) : rest.substring(at, semicolon)).strip();
        String symbol = symbol(value);
        if (symbol != null) {
            metadata.put("symbol", symbol);
        }
        int function = previous == null ? -1 : previous.indexOf(": in function `");
        if (function >= 0 && previous.endsWith("':")) {
            metadata.put("function", previous.substring(function + 15, previous.length() - 2));
        }
        return new Recognized(Found.of("error", LINKER, value, metadata), new LinkerTail(false, symbol));
    }

    /** The symbol quoted in {@code undefined reference to `foo'}, or null. */
    static String symbol(String text) {
        int open = text.indexOf('`') >= 0 ? text.indexOf('`') : text.indexOf('\'');
        int close = open < 0 ? -1 : text.indexOf('\'', open + 1);
        return close > open + 1 ? text.substring(open + 1, close) : null;
    }

    /**
     * The lines that end a linker problem: further references to the same symbol (from other
     * functions, with their {@code in function} lines), lld's {@code >>> referenced by} lines,
     * macOS's symbol list, and the driver's verdict ({@code collect2: error: ld returned 1 exit
     * status}, {@code clang: error: linker command failed}), its last line.
     */
    private static final class LinkerTail implements Continuation {
        private final boolean symbolList;
        private final String symbol;

        LinkerTail(boolean symbolList, String symbol) {
            this.symbolList = symbolList;
            this.symbol = symbol;
        }

        @Override
        public Fit next(String body, Draft draft) {
            if (body.startsWith("collect2: error: ") || body.contains(": error: linker command failed")) {
                return Fit.LAST;
            }
            if (body.startsWith(">>> ")) {
                return Fit.PART;
            }
            if (symbol != null) {
                if (body.contains(": in function `") && body.endsWith("':")) {
                    return Fit.PART;
                }
                int at = body.indexOf(PROBLEMS.get(0));
                return at >= 0 && symbol.equals(symbol(body.substring(at))) ? Fit.PART : Fit.NOT;
            }
            return symbolList && (body.startsWith("\"") || body.contains(" in ") || body.startsWith("ld: symbol"))
                    ? Fit.PART : Fit.NOT;
        }
    }
}
