package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pytest's last line, with its {@code ===} bars or without them ({@code pytest -q}): {@code 2
 * failed, 4 passed, 1 skipped in 0.91s}. A {@code test_result} with the counts and their
 * {@code total}. The failed tests themselves are the {@code FAILED x::y - msg} and {@code ERROR x}
 * lines of the short summary (the {@code pytest_failed} and {@code pytest_error} patterns); the
 * {@code -v} rows ({@code x::y FAILED [ 28%]}) and the {@code E   } lines above state the same
 * failures again and stay silent.
 */
final class PytestSummary implements Recognizer {
    private static final String WORDS = "failed|passed|skipped|deselected|xfailed|xpassed|warnings?|errors?|rerun|subtests passed";
    private static final Pattern SUMMARY = Pattern.compile(
            "^(?:=++ )?(?<value>(?:\\d++ (?:" + WORDS + ")(?:, )?){1,16}|no tests ran) in "
            + "(?<seconds>\\d++(?:\\.\\d++)?)s(?: \\([\\d:.]++\\))?(?: =++)?$");
    private static final Pattern COUNT = Pattern.compile("(?<!\\d)(\\d{1,15}) (failed|passed|skipped|xfailed|xpassed|errors?)\\b");

    @Override
    public String name() {
        return "pytest_summary";
    }

    @Override
    public List<String> keywords() {
        return List.of(" in ");
    }

    @Override
    public Recognized recognize(String line, String previous) {
        String body = line.stripTrailing();
        char c = body.isEmpty() ? ' ' : body.charAt(0);
        char last = body.isEmpty() ? ' ' : body.charAt(body.length() - 1);
        if (!(c == '=' || c == 'n' || c >= '0' && c <= '9') || last != 's' && last != '=' && last != ')') {
            return null;
        }
        Matcher m = SUMMARY.matcher(body);
        if (!m.matches()) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        long total = 0;
        Matcher count = COUNT.matcher(m.group("value"));
        while (count.find()) {
            total += Long.parseLong(count.group(1));
        }
        metadata.put("total", total);
        metadata.put("seconds", m.group("seconds"));
        return Recognized.of(Found.of("test_result", name(), m.group("value"), metadata));
    }
}
