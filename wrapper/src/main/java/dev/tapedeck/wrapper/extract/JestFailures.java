package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jest's report of a failed test: {@code ● suite › test} and the block under it (the error, the
 * expected and received values, the source excerpt, the {@code at} frames), one
 * {@code test_failure} whose {@code message} is the block's first line and whose {@code file} and
 * {@code line} come from its first frame. {@code ● Test suite failed to run} reads the same. The
 * suite lines ({@code FAIL path/x.test.js}, {@code PASS ...}) are silent: each failing test of a
 * failed suite has its {@code ●} block, and the suite line would report it again. {@code ● Console}
 * blocks are output, not failures. A {@code ●} without jest's {@code ›} (a test outside any
 * {@code describe}) is a failed test only when its block starts as jest's do: Claude Code prints
 * its messages under a {@code ●} too.
 */
final class JestFailures implements Recognizer {

    @Override
    public String name() {
        return "jest_test_failure";
    }

    @Override
    public List<String> keywords() {
        return List.of("● ");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        if (!body.startsWith("● ") || body.startsWith("● Console")) {
            return null;
        }
        String name = body.substring(2).strip();
        if (name.isEmpty()) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (name.contains(" › ") || name.equals("Test suite failed to run")) {
            return new Recognized(Found.of("test_failure", name(), name, metadata), JestFailures::block);
        }
        // A test outside any describe has no ›, and Claude Code's bullet is a ● too: the block
        // under it must show jest's hand (see Unproven) before it is a failed test.
        return new Recognized(Found.of(null, name(), name, metadata), new Unproven());
    }

    /**
     * The block of a {@code ●} without {@code ›}: blank lines, then its first line must be what jest
     * prints first (an {@code expect(...)} matcher line, an error such as {@code TypeError: x},
     * {@code thrown: ...}); anything else ends it, the header having given no event.
     */
    private static final class Unproven implements Continuation {
        @Override
        public Fit next(String body, Draft draft) {
            if (draft.eventType() != null) {
                return block(body, draft);
            }
            if (body.isBlank()) {
                return Fit.PART;
            }
            if (body.startsWith("expect(") || body.startsWith("thrown: ") || ExceptionLine.parse(body) != null) {
                draft.eventType("test_failure");
                return block(body, draft);
            }
            return Fit.NOT;
        }
    }

    private static Continuation.Fit block(String body, Draft draft) {
        if (body.startsWith("● ") || body.startsWith("FAIL ") || body.startsWith("PASS ")
                || body.startsWith("Test Suites:") || body.startsWith("Tests:") || body.startsWith("Summary of all failing")
                || ShellPromptLine.isTypedCommand(body)) {
            return Continuation.Fit.NOT;
        }
        Map<String, Object> metadata = draft.metadata();
        if (!body.isBlank() && !metadata.containsKey("message")) {
            metadata.put("message", body.strip());
        } else if (body.startsWith("at ") && !metadata.containsKey("line")) {
            FrameLocation.of(body, metadata);
        }
        return Continuation.Fit.PART;
    }
}
