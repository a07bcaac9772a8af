package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rustc's and clippy's diagnostics as cargo prints them, and the formats that copied them (ruff's
 * full output, Astral's ty): a headline {@code error[E0308]: mismatched types},
 * {@code warning: unused variable} or {@code error: expected one of ...}, then
 * {@code  --> src/main.rs:3:18}, the excerpt in its {@code |} gutter and {@code = note:},
 * {@code help:} lines, up to a blank line: one {@code compiler_error} or {@code compiler_warning}
 * with the file, line and column of the arrow. A headline with a code is a diagnostic whatever
 * follows; {@code error: ...} and {@code warning: ...} without one are said by many tools (git,
 * pip), so they stay an {@code error} or a {@code warning} (as the generic patterns call them)
 * unless the arrow or a gutter follows ({@link RustSnippet}). cargo's own lines: {@code error: could
 * not compile `x` ... due to 2 previous errors} and rustc's {@code error: aborting due to ...} are
 * a {@code build_result}; {@code warning: `x` (bin "x") generated 2 warnings}, {@code N warnings
 * emitted} and {@code build failed, waiting for other jobs to finish} are silent. ruff prints its
 * code and message on the headline ({@code F401 [*] `os` imported but unused}), which alone is too
 * weak to tell: its event is made on the arrow line, from the headline above it.
 */
final class RustDiagnostic implements Recognizer {
    static final String NAME = "rustc";
    private static final List<String> KEYWORDS = List.of("error:", "error[", "warning:", "warning[", "-->");

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
        boolean error = body.startsWith("error");
        if (!error && !body.startsWith("warning")) {
            return body.startsWith("-->") && previous != null ? fromArrow(body, previous) : null;
        }
        int after = error ? 5 : 7;
        String code = null;
        if (after < body.length() && body.charAt(after) == '[') {
            int close = body.indexOf(']', after);
            if (close < 0 || close - after > 64) {
                return null;
            }
            code = body.substring(after + 1, close);
            after = close + 1;
        }
        if (!body.startsWith(": ", after)) {
            return null;
        }
        String message = body.substring(after + 2).strip();
        if (message.isEmpty()) {
            return null;
        }
        if (code == null) {
            Recognized cargo = error ? CargoVerdict.ofError(message) : CargoVerdict.ofWarning(message);
            if (cargo != null) {
                return cargo;
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (code != null) {
            metadata.put("code", code);
        }
        String type = code != null ? (error ? "compiler_error" : "compiler_warning") : error ? "error" : "warning";
        String pattern = code != null ? NAME : error ? "generic_error" : "generic_warning";
        return new Recognized(Found.of(type, pattern, message, metadata), new RustSnippet(code != null));
    }

    /** ruff's full format: the arrow under a {@code CODE [*] message} or {@code rule-name: message} headline. */
    private static Recognized fromArrow(String body, String previous) {
        LintCode lint = LintCode.of(previous);
        if (lint == null) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (!RustSnippet.putLocation(body, metadata)) {
            return null;
        }
        metadata.put("code", lint.code());
        return new Recognized(Found.of(lint.type(), "ruff", lint.message(), metadata), new RustSnippet(true));
    }
}
