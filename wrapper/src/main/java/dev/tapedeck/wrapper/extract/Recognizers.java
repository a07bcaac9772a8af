package dev.tapedeck.wrapper.extract;

import java.util.List;

/** The built-in recognisers, in the order they are tried (docs/patterns.md lists what each finds). */
final class Recognizers {
    static final List<Recognizer> DEFAULTS = List.of(new NpmErrorBlock(), new GitPushRejection(), new ClaudeCostBlock(),
            new LogfmtLine(), new RedisLogLine(), new LogLevelLine(), new ShellPromptLine(),
            new CommandErrorLine());

    private Recognizers() {
    }
}
