package dev.tapedeck.wrapper.extract;

import java.util.List;

/** The built-in recognisers, in the order they are tried (docs/patterns.md lists what each finds). */
final class Recognizers {
    /**
     * Compiler and tool diagnostics first (a sanitizer report before the GNU form its UBSan lines
     * share), then test runners and crashes; the exception line last, as it is the widest (a line
     * that ends a Python traceback or follows a failed test is read by those instead).
     */
    static final List<Recognizer> DEFAULTS = List.of(
            new SanitizerReport(), new GnuDiagnostic(), new RustDiagnostic(), new ToolError(), new MakeError(), new EslintRow(),
            new MavenProblems(), new UnittestLines(), new PytestSummary(), new VitestLines(), new JestFailures(),
            new JestSummary(), new CargoTestResult(), new PythonTraceback(), new GoPanic(),
            new RustPanic(), new NodeWarning(), new NodeCrash(), new ExceptionLine());

    private Recognizers() {
    }
}
