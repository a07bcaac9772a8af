package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jest's summary as one {@code test_result}: {@code Test Suites: 1 failed, 1 passed, 2 total} and
 * the {@code Tests: 2 failed, 2 passed, 4 total} line under it state one run, whose value and counts
 * are the tests' (the suites' are kept as {@code suites} and {@code suites_total});
 * {@code Snapshots:}, {@code Time:} and {@code Ran all test suites} close it.
 */
final class JestSummary implements Recognizer {
    private static final Pattern SUMMARY = Pattern.compile(
            "^(?<scope>Tests|Test Suites):\\s++(?<value>(?:\\d++ [a-z]++, ){0,32}(?<total>\\d{1,9}) total)(?<!\\s)\\s*$");

    @Override
    public String name() {
        return "jest_summary";
    }

    @Override
    public List<String> keywords() {
        return List.of("Tests:", "Test Suites:");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        Matcher m = body.startsWith("Test") ? SUMMARY.matcher(body) : null;
        if (m == null || !m.matches()) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("scope", m.group("scope"));
        metadata.put("total", Long.parseLong(m.group("total")));
        Found summary = Found.of("test_result", name(), m.group("value"), metadata);
        return m.group("scope").equals("Tests") ? new Recognized(summary, JestSummary::trailer)
                : new Recognized(summary, new Suites());
    }

    /** The lines jest prints after the tests' counts. */
    private static Continuation.Fit trailer(String body, Draft draft) {
        if (body.startsWith("Snapshots:") || body.startsWith("Time:")) {
            return Continuation.Fit.PART;
        }
        return body.startsWith("Ran all test suites") ? Continuation.Fit.LAST : Continuation.Fit.NOT;
    }

    /** After {@code Test Suites:}: the {@code Tests:} line gives the event its value and counts. */
    private static final class Suites implements Continuation {
        @Override
        public Fit next(String body, Draft draft) {
            Matcher m = body.startsWith("Tests:") ? SUMMARY.matcher(body) : null;
            if (m != null && m.matches()) {
                Map<String, Object> metadata = draft.metadata();
                metadata.put("suites", draft.value());
                metadata.put("suites_total", metadata.get("total"));
                metadata.put("scope", "Tests");
                metadata.put("total", Long.parseLong(m.group("total")));
                draft.value(m.group("value"));
                return Fit.PART;
            }
            return trailer(body, draft);
        }
    }
}
