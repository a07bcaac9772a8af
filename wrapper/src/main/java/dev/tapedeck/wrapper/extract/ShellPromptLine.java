package dev.tapedeck.wrapper.extract;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command typed at an interactive shell's prompt, as a recorded terminal shows it (colours are
 * gone from the clean text): bash's {@code user@host:~/dir$ cmd} and {@code root@box:/srv# cmd},
 * Fedora's {@code [user@host dir]$ cmd}, zsh's {@code user@host dir % cmd} and {@code host% cmd}, fish's
 * {@code user@host ~/dir> cmd}, oh-my-zsh's {@code ➜
 * dir git:(main) ✗ cmd}, a path prompt ({@code ~/dir $ cmd}, {@code ~/dir (main) $ cmd} of
 * __git_ps1), pure and starship's {@code ~/dir ❯ cmd} (a bare {@code ❯ } is a selection
 * menu's cursor, as in Claude Code's prompts), {@code bash-5.2$ cmd}, {@code
 * root# cmd}, PowerShell's {@code PS C:\dir> cmd}, and a bare {@code $ cmd}; any of them behind a
 * virtualenv's {@code (venv) }. Value: the command, whose risk the shell rules decide. A prompt with
 * nothing typed is silent. A bare {@code #} is a heading or a comment, never a prompt, and a
 * "command" that starts with a digit is a price or a count ({@code $ 0.0060  1,989 system
 * messages}, aider's token table), not a command.
 */
final class ShellPromptLine implements Recognizer {
    static final String NAME = "shell_prompt_command";
    private static final ShellPromptLine INSTANCE = new ShellPromptLine();
    private static final String USER_HOST = "[\\w.-]{1,64}@[\\w.-]{1,64}";
    /** Each prompt form, and the space before what was typed. */
    private static final Pattern PROMPT = Pattern.compile("^(?:\\([\\w.-]{1,64}\\) ){0,2}(?:"
            + USER_HOST + ":[^\\s$#]{0,256}[$#]"
            + "|\\[" + USER_HOST + " [^\\]\\s]{1,256}\\][$#]"
            + "|" + USER_HOST + " \\S{1,256} [%$#]"
            + "|" + USER_HOST + " [^\\s>]{1,256}>"
            + "|[a-z][\\w.-]{1,63}[%#$]"
            + "|➜ {1,2}\\S{1,256}(?: git:\\([^)\\s]{1,128}\\))?(?: ✗)?"
            + "|[~/][^\\s❯]{0,256}(?: \\([^)\\s]{1,128}\\))? [$#%❯]"
            + "|(?:ba|z|k|da)?sh-\\d{1,3}(?:\\.\\d{1,3}){0,2}[$#]"
            + "|PS [A-Za-z]:[^>\\s]{0,256}>"
            + "|\\$) ");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return List.of("$", "# ", "% ", "> ", "❯", "➜");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        if (body.isEmpty() || !mayOpenPrompt(body.charAt(0))) {
            return null;
        }
        Matcher m = PROMPT.matcher(body);
        if (!m.lookingAt()) {
            return null;
        }
        String command = body.substring(m.end()).strip();
        if (command.isEmpty() || "|&;>=#)}*,:".indexOf(command.charAt(0)) >= 0
                || Character.isDigit(command.charAt(0))
                || command.charAt(0) == '.' && command.length() > 1 && Character.isDigit(command.charAt(1))) {
            return null; // a table's cell, a price, a count: no command starts so
        }
        return Recognized.of(Found.shell(NAME, command, java.util.Map.of()));
    }

    /**
     * Whether the line is a command typed at a prompt: it ends a block of another tool's output
     * that has no end marker of its own or lost it (a report cut short, a quoted failure).
     */
    static boolean isTypedCommand(String body) {
        return body.length() > 2 && mayOpenPrompt(body.charAt(0)) && INSTANCE.recognize(body, null) != null;
    }

    /** What a prompt's first character can be: a user name, a bracket, a venv, a mark, a path. */
    private static boolean mayOpenPrompt(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '[' || c == '(' || c == '$' || c == '~'
                || c == '/' || c == '➜' || c == '❯' || c == '_';
    }
}
