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
 * blocks are output, not failures; a {@code ●} without jest's {@code ›} is some other tool's bullet.
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
        if (!name.contains(" › ") && !name.equals("Test suite failed to run")) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        return new Recognized(Found.of("test_failure", name(), name, metadata), JestFailures::block);
    }

    private static Continuation.Fit block(String body, Draft draft) {
        if (body.startsWith("● ") || body.startsWith("FAIL ") || body.startsWith("PASS ")
                || body.startsWith("Test Suites:") || body.startsWith("Tests:") || body.startsWith("Summary of all failing")) {
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
