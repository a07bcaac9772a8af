package dev.tapedeck.wrapper.extract;

import java.util.List;

/** The built-in recognisers, in the order they are tried (docs/patterns.md lists what each finds). */
final class Recognizers {
    /**
     * npm's, git's and Claude Code's blocks first (their keywords are their own); compiler and tool
     * diagnostics next (a sanitizer report before the GNU form its UBSan lines share), then test
     * runners and crashes; then the log, shell-prompt and command-error readers; the exception line
     * last, as it is the widest (a line that ends a Python traceback or follows a failed test is read
     * by those instead).
     */
    static final List<Recognizer> DEFAULTS = List.of(
            new NpmErrorBlock(), new NpmWarnBlock(), new GitPushRejection(), new ClaudeCostBlock(),
            new SanitizerReport(), new GnuDiagnostic(), new RustDiagnostic(), new ToolError(), new MakeError(), new EslintRow(),
            new MavenProblems(), new UnittestLines(), new PytestSummary(), new VitestLines(), new JestFailures(),
            new JestSummary(), new CargoTestResult(), new PythonTraceback(), new GoPanic(),
            new RustPanic(), new NodeWarning(), new NodeCrash(),
            new LogfmtLine(), new RedisLogLine(), new LogLevelLine(), new ShellPromptLine(), new CommandErrorLine(),
            new ExceptionLine());

    private Recognizers() {
    }
}
