package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cargo test's verdicts. {@code test result: FAILED. 4 passed; 3 failed; 0 ignored; ...} is a
 * {@code test_result} with the counts and their {@code total}; the {@code error: test failed, to
 * rerun pass `--lib`} cargo prints under a failed one says the same and belongs to it
 * ({@code error: 1 target failed:}, --no-fail-fast's verdict, is {@link CargoVerdict}'s).
 */
final class CargoTestResult implements Recognizer {
    private static final Pattern RESULT = Pattern.compile(
            "^test result: (?<result>ok|FAILED)\\. (?<value>(?<passed>\\d{1,9}) passed; (?<failed>\\d{1,9}) failed"
            + "(?:; (?<ignored>\\d{1,9}) ignored)?.*+)$");
    private static final Pattern SECONDS = Pattern.compile("finished in (\\d{1,9}(?:\\.\\d{1,9})?)s");

    @Override
    public String name() {
        return "cargo_test_result";
    }

    @Override
    public List<String> keywords() {
        return List.of("test result: ");
    }

    @Override
    public Recognized recognize(String line, String previous) {
        String body = line.stripTrailing();
        Map<String, Object> metadata = new LinkedHashMap<>();
        Matcher m = body.startsWith("test result: ") ? RESULT.matcher(body) : null;
        if (m != null && m.matches()) {
            metadata.put("result", m.group("result"));
            long ignored = m.group("ignored") == null ? 0 : Long.parseLong(m.group("ignored"));
            metadata.put("total", Long.parseLong(m.group("passed")) + Long.parseLong(m.group("failed")) + ignored);
            metadata.put("skipped", ignored);
            Matcher seconds = SECONDS.matcher(m.group("value"));
            if (seconds.find()) {
                metadata.put("seconds", seconds.group(1));
            }
            return new Recognized(Found.of("test_result", name(), m.group("value"), metadata), CargoTestResult::rerunHint);
        }
        return null;
    }

    /** The blank line and cargo's {@code error: test failed, to rerun pass ...} under a result. */
    private static Continuation.Fit rerunHint(String body, Draft draft) {
        if (body.isBlank()) {
            return Continuation.Fit.PART;
        }
        return body.startsWith("error: test failed, to rerun pass ") ? Continuation.Fit.LAST : Continuation.Fit.NOT;
    }
}
