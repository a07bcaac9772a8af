package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Go panic or fatal runtime error as one {@code exception} event: {@code panic: msg [recovered]},
 * the re-panic the testing package prints under it ({@code \tpanic: msg}), {@code [signal ...]},
 * and the goroutine dump ({@code goroutine 7 [running]:}, function lines, their {@code \tfile.go:N
 * +0x..} lines, {@code created by ...}) up to {@code exit status N}. {@code fatal error: all
 * goroutines are asleep - deadlock!} reads the same. The first frame outside the runtime and the
 * testing package gives {@code file} and {@code line}. (The race detector's {@code WARNING: DATA
 * RACE} report is {@link SanitizerReport}'s.)
 */
final class GoPanic implements Recognizer {

    @Override
    public String name() {
        return "go_panic";
    }

    @Override
    public List<String> keywords() {
        return List.of("panic: ", "fatal error: ");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        String message;
        if (body.startsWith("panic: ")) {
            message = body.substring(7);
        } else if (body.startsWith("fatal error: ")) {
            message = body.substring(13);
        } else {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        message = message.strip();
        if (message.endsWith(" [recovered]")) {
            message = message.substring(0, message.length() - 12).strip();
            metadata.put("recovered", true);
        }
        if (message.isEmpty()) {
            return null;
        }
        return new Recognized(Found.of("exception", name(), message, metadata), new Dump());
    }

    /**
     * The lines of the dump. The location is the first frame of the program's own code: a function
     * of package main or of a module path with a domain ({@code example.com/demo.TestPanic}); failing
     * that, the first frame outside the runtime and the testing package (a module named without a
     * domain, outside Go's own source tree). The generated {@code _testmain.go} is never it.
     */
    private static final class Dump implements Continuation {
        /** 0: runtime, testing or the standard library; 1: maybe the program's; 2: surely the program's. */
        private int ownership;
        private int located;

        @Override
        public Fit next(String body, Draft draft) {
            if (body.isEmpty() || body.startsWith("panic: ") || body.startsWith("[signal ")
                    || body.startsWith("goroutine ") && body.endsWith("]:") || body.startsWith("running tests:")) {
                return Fit.PART;
            }
            if (body.startsWith("exit status ")) {
                return Fit.LAST;
            }
            if (body.startsWith("created by ")) {
                ownership = 0;
                return Fit.PART;
            }
            int paren = body.indexOf('(');
            int space = body.indexOf(' ');
            if (body.endsWith(")") && paren > 0 && (space < 0 || space > paren)) {
                ownership = ownership(body);
                return Fit.PART;
            }
            int plus = body.lastIndexOf(" +0x");
            String location = plus > 0 ? body.substring(0, plus) : body;
            int colon = location.lastIndexOf(':');
            if (colon > 0 && location.startsWith(".go", colon - 3)) {
                int own = ownership == 1 && inGoRoot(location) ? 0 : ownership;
                if (own > located && !location.startsWith("_testmain.go", colon - 12)
                        && FrameLocation.of(location, draft.metadata())) {
                    located = own;
                }
                return Fit.PART;
            }
            return Fit.NOT;
        }

        private static int ownership(String function) {
            if (function.startsWith("panic(") || function.startsWith("runtime.") || function.startsWith("testing.")) {
                return 0;
            }
            if (function.startsWith("main.") || function.startsWith("command-line-arguments.")) {
                return 2;
            }
            int slash = function.indexOf('/');
            int dot = function.indexOf('.');
            if (slash > 0 && dot > 0 && dot < slash) {
                return 2;
            }
            return 1;
        }

        /** A file of Go's own source tree (GOROOT), where the standard library lives. */
        private static boolean inGoRoot(String location) {
            return location.contains("/go/src/") || location.contains("/libexec/src/") || location.contains("/go-1.")
                    || location.contains("/usr/local/go/src/");
        }
    }
}
