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
 * testing package gives {@code file} and {@code line}.
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

    /** The lines of the dump; remembers whether the last function line was the program's own. */
    private static final class Dump implements Continuation {
        private boolean ownFunction;
        private boolean located;

        @Override
        public Fit next(String body, Draft draft) {
            if (body.isEmpty() || body.startsWith("panic: ") || body.startsWith("[signal ")
                    || body.startsWith("goroutine ") && body.endsWith("]:")) {
                return Fit.PART;
            }
            if (body.startsWith("exit status ")) {
                return Fit.LAST;
            }
            if (body.startsWith("created by ")) {
                ownFunction = false;
                return Fit.PART;
            }
            int paren = body.indexOf('(');
            int space = body.indexOf(' ');
            if (body.endsWith(")") && paren > 0 && (space < 0 || space > paren)) {
                ownFunction = !(body.startsWith("panic(") || body.startsWith("runtime.") || body.startsWith("testing."));
                return Fit.PART;
            }
            int plus = body.lastIndexOf(" +0x");
            String location = plus > 0 ? body.substring(0, plus) : body;
            int colon = location.lastIndexOf(':');
            if (colon > 0 && location.startsWith(".go", colon - 3)) {
                if (ownFunction && !located) {
                    located = FrameLocation.of(location, draft.metadata());
                }
                return Fit.PART;
            }
            return Fit.NOT;
        }
    }
}
