package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python unittest. {@code Ran 5 tests in 0.001s} and the verdict under it ({@code OK},
 * {@code OK (skipped=1)}, {@code FAILED (failures=1, errors=1, skipped=1)}) are one
 * {@code test_result} with the counts. A failure's header, {@code FAIL: test_x (mod.Cls.test_x)}
 * or {@code ERROR: test_x (mod.Cls.test_x)} (an error in a test is a failed test, not an error of
 * the run), is a {@code test_failure} that takes the line under it (the {@code ----} rule, or the
 * test's docstring, then the rule) and the traceback, whose exception becomes its
 * {@code message} and whose innermost frame its {@code file} and {@code line}.
 */
final class UnittestLines implements Recognizer {
    private static final Pattern RAN = Pattern.compile("^Ran (?<total>\\d{1,9}) tests? in (?<seconds>\\d++(?:\\.\\d++)?)s$");
    private static final Pattern HEADER = Pattern.compile(
            "^(?<result>FAIL|ERROR): (?<value>[^\\s(]{1,500}) \\((?<suite>[\\w.]{1,500})\\)(?: (?<params>\\S.{0,500}))?$");
    private static final Pattern VERDICT = Pattern.compile("^(?<result>OK|FAILED)(?: \\((?<counts>[\\w =,]{0,200})\\))?$");
    private static final Pattern COUNT = Pattern.compile("(?<key>failures|errors|skipped|expected failures|unexpected successes)=(?<n>\\d{1,9})");

    @Override
    public String name() {
        return "unittest";
    }

    @Override
    public List<String> keywords() {
        return List.of("Ran ", "FAIL: ", "ERROR: ");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (body.startsWith("Ran ")) {
            Matcher m = RAN.matcher(body.stripTrailing());
            if (!m.matches()) {
                return null;
            }
            metadata.put("total", Long.parseLong(m.group("total")));
            metadata.put("seconds", m.group("seconds"));
            return new Recognized(Found.of("test_result", name(), body.substring(0, body.indexOf(" in ")), metadata),
                    UnittestLines::verdict);
        }
        Matcher m = body.startsWith("FAIL: ") || body.startsWith("ERROR: ") ? HEADER.matcher(body.stripTrailing()) : null;
        if (m == null || !m.matches()) {
            return null;
        }
        metadata.put("suite", m.group("suite"));
        metadata.put("result", m.group("result"));
        if (m.group("params") != null) {
            metadata.put("params", m.group("params"));
        }
        return new Recognized(Found.of("test_failure", name(), m.group("value"), metadata), new Failure());
    }

    /** Under a failure's header: a docstring line, the rule, then the traceback up to the next rule. */
    private static final class Failure implements Continuation {
        private final PythonFrames frames = new PythonFrames(false);
        private boolean ruled;

        @Override
        public Fit next(String body, Draft draft) {
            boolean rule = body.startsWith("-----") || body.startsWith("=====");
            if (!ruled) {
                ruled = rule;
                return rule || draft.lines() == 0 ? Fit.PART : Fit.NOT;
            }
            return rule ? Fit.NOT : frames.next(body, draft);
        }
    }

    /** The blank line and the verdict under {@code Ran N tests}. */
    private static Continuation.Fit verdict(String body, Draft draft) {
        if (body.isBlank()) {
            return Continuation.Fit.PART;
        }
        Matcher m = VERDICT.matcher(body.stripTrailing());
        if (!m.matches()) {
            return Continuation.Fit.NOT;
        }
        Map<String, Object> metadata = draft.metadata();
        metadata.put("result", m.group("result"));
        metadata.put("failed", 0L);
        metadata.put("errors", 0L);
        metadata.put("skipped", 0L);
        if (m.group("counts") != null) {
            Matcher count = COUNT.matcher(m.group("counts"));
            while (count.find()) {
                String key = switch (count.group("key")) {
                    case "failures" -> "failed";
                    case "expected failures" -> "expected_failures";
                    case "unexpected successes" -> "unexpected_successes";
                    default -> count.group("key");
                };
                metadata.put(key, Long.parseLong(count.group("n")));
            }
        }
        draft.value(draft.value() + ": " + body.strip());
        return Continuation.Fit.LAST;
    }
}
