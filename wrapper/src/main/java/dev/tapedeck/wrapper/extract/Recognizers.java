package dev.tapedeck.wrapper.extract;

import java.util.List;

/** The built-in recognisers, in the order they are tried (docs/patterns.md lists what each finds). */
final class Recognizers {
    /**
     * Tool-specific formats first; the exception line last, as it is the widest (a line that ends a
     * Python traceback or follows a failed test is read by those instead).
     */
    static final List<Recognizer> DEFAULTS = List.of(
            new MavenProblems(),
            new UnittestLines(),
            new PytestSummary(),
            new VitestLines(),
            new JestFailures(),
            new JestSummary(),
            new CargoTestResult(),
            new PythonTraceback(),
            new PythonWarning(),
            new GoPanic(),
            new RustPanic(),
            new NodeWarning(),
            new NodeCrash(),
            new ExceptionLine());

    private Recognizers() {
    }
}
