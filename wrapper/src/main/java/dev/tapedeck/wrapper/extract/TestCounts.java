package dev.tapedeck.wrapper.extract;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Completes the counts of a test result: "2 failed, 25 passed" style pairs in the value become
 * {@code failed} and {@code passed}, and {@code passed} is derived from a total where a tool reports
 * only failures (Maven's "Tests run: 14, Failures: 2, Errors: 0, Skipped: 1").
 */
final class TestCounts {
    private static final Pattern COUNT = Pattern.compile(
            "(?<!\\d)(\\d{1,18}) (passed|failed|skipped|errors?|xfailed|xpassed|deselected|pending|todo|broken)\\b");

    private TestCounts() {
    }

    static void complete(String value, Map<String, Object> metadata) {
        if (value != null) {
            Matcher m = COUNT.matcher(value);
            while (m.find()) {
                String key = m.group(2).startsWith("error") ? "errors" : m.group(2);
                metadata.putIfAbsent(key, Long.parseLong(m.group(1)));
            }
        }
        if (!metadata.containsKey("passed") && metadata.get("total") instanceof Long total) {
            long notPassed = count(metadata, "failed") + count(metadata, "errors") + count(metadata, "skipped");
            metadata.put("passed", Math.max(0, total - notPassed));
        }
    }

    private static long count(Map<String, Object> metadata, String key) {
        return metadata.get(key) instanceof Long n ? n : 0;
    }
}
