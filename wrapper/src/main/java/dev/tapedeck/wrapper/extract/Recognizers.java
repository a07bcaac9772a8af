package dev.tapedeck.wrapper.extract;

import java.util.List;

/** The built-in recognisers, in the order they are tried (docs/patterns.md lists what each finds). */
final class Recognizers {
    static final List<Recognizer> DEFAULTS = List.of(
            // Compiler and tool diagnostics: a sanitizer report before the GNU form its UBSan lines share.
            new SanitizerReport(), new GnuDiagnostic(), new RustDiagnostic(), new ToolError(), new MakeError(), new EslintRow());

    private Recognizers() {
    }
}
