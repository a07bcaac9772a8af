package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Extraction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands typed at interactive shells' prompts, and lines that only look like prompts. */
class ShellPromptLineTest {

    /** "line command risk [rule]" per event. */
    private static List<String> commands(String output) {
        return ExtractorTest.events(output).stream().map(ShellPromptLineTest::row).toList();
    }

    private static String row(Extraction x) {
        if (x.riskLevel() == null) {
            return x.lineNumber() + " " + x.eventType() + " " + x.matchedValue();
        }
        String rule = x.metadataJson() == null ? "" : " " + x.metadataJson();
        return x.lineNumber() + " " + x.eventType() + " " + x.matchedValue() + " " + x.riskLevel().wireName() + rule;
    }

    /** bash under script(1) with a coloured Debian PS1, then a venv ❯ prompt and Fedora's, as recorded. */
    @Test
    void commandsTypedAtARecordedBashAreShellCommandsWithTheirRisk() {
        String recorded = "\u001b[?2004h\u001b[01;32mroot@vm\u001b[00m:\u001b[01;34m/tmp/x14\u001b[00m# cd /tmp/x14/sh/proj\r\n"
                + "\u001b[?2004l\r\u001b[?2004h\u001b[01;32mroot@vm\u001b[00m:\u001b[01;34m/tmp/x14/sh/proj\u001b[00m# ls -la\r\n"
                + "\u001b[?2004l\rtotal 8\r\n"
                + "drwxr-xr-x 2 root root 4096 Dec  3 15:11 .\r\n"
                + "\u001b[?2004h\u001b[01;32mroot@vm\u001b[00m:\u001b[01;34m/tmp/x14/sh/proj\u001b[00m# \r\n"
                + "\u001b[?2004l\r\u001b[?2004h\u001b[01;32mroot@vm\u001b[00m:\u001b[01;34m/tmp/x14/sh/proj\u001b[00m# echo \"# not a heading\"\r\n"
                + "\u001b[?2004l\r# not a heading\r\n"
                + "\u001b[?2004h\u001b[01;32mroot@vm\u001b[00m:\u001b[01;34m/tmp/x14/sh/proj\u001b[00m# rm -rf build\r\n"
                + "\u001b[?2004l\r\u001b[?2004h\u001b[01;32mroot@vm\u001b[00m:\u001b[01;34m/tmp/x14/sh/proj\u001b[00m# bash -lc \"rm -rf dist\"\r\n"
                + "\u001b[?2004l\r\u001b[?2004h(venv) /tmp/x14/sh/proj ❯ git status\r\n"
                + "\u001b[?2004l\rfatal: not a git repository (or any of the parent directories): .git\r\n"
                + "\u001b[?2004l\r\u001b[?2004h[root@vm proj]$ find . -name \"*.tmp\" -delete\r\n"
                + "\u001b[?2004l\r\u001b[?2004h[root@vm proj]$ exit\r\n"
                + "\u001b[?2004l\rexit\r\n";
        assertThat(commands(recorded)).containsExactly(
                "1 shell_command cd /tmp/x14/sh/proj low",
                "2 shell_command ls -la low",
                "6 shell_command echo \"# not a heading\" low",
                "8 shell_command rm -rf build high {\"risk_rule\":\"rm_recursive\"}",
                "9 shell_command bash -lc \"rm -rf dist\" high {\"risk_rule\":\"rm_recursive\"}",
                "10 shell_command git status low",
                "11 error not a git repository (or any of the parent directories): .git",
                "12 shell_command find . -name \"*.tmp\" -delete high {\"risk_rule\":\"find_delete\"}",
                "13 shell_command exit low");
    }

    @Test
    void everyCommonPromptFormGivesTheCommandTypedAtIt() {
        String output = String.join("\n",
                "alice@laptop:~/src/app$ npm test",
                "alice@laptop src % make build",
                "(venv) ~/src/app ❯ pytest -q",
                "➜  app git:(main) ✗ git push --force-with-lease",
                "➜  app git push origin main",
                "root@box:/srv# systemctl restart nginx",
                "root# ls /etc",
                "bash-5.2$ ls | xargs rm -rf",
                "sh-5.2# echo hi",
                "PS C:\\Users\\alice> Remove-Item -Recurse build",
                "$ sudo apt-get install -y redis-server",
                "(base) [alice@fedora app]$ sh -c \"git reset --hard\"",
                "vm% git clean -fdx",
                "~/shop-api $ sed -i 's/a/b/' app.py",
                "~/shop-api (feature/x) $ cp a.json b.json",
                "alice@laptop ~/src> chmod -R 777 .",
                "") + "\n";
        assertThat(ExtractorTest.events(output)).extracting(Extraction::matchedValue).containsExactly(
                "npm test", "make build", "pytest -q", "git push --force-with-lease",
                "git push origin main", "systemctl restart nginx", "ls /etc", "ls | xargs rm -rf", "echo hi",
                "Remove-Item -Recurse build", "sudo apt-get install -y redis-server", "sh -c \"git reset --hard\"",
                "git clean -fdx", "sed -i 's/a/b/' app.py", "cp a.json b.json", "chmod -R 777 .");
        assertThat(ExtractorTest.events(output)).extracting(x -> x.riskLevel().wireName()).containsExactly(
                "low", "low", "low", "high", "medium", "medium", "low", "high", "low", "low", "high", "high", "high", "medium", "medium", "high");
    }

    @Test
    void headingsPricesCommentsAndEmptyPromptsAreNotCommands() {
        String output = String.join("\n",
                "# Installing the tools",
                "## Usage",
                "C# is a language; so is F#",
                "50% of the time, it works",
                "$ 0.0060    1,989 system messages",
                "$ 0.0125    4,170 repository map           use --map-tokens to resize",
                "$ 0.0185   tokens total",
                "alice@laptop:~/src/app$ ",
                "alice@laptop:~/src/app$",
                "$",
                "   # a comment in a script",
                "| $ | dollar sign |",
                "$ | grep x",
                "The price is $ 5 and the total is 10 % more.",
                "Use the ❯ prompt to type.",
                " ❯ Yes",
                "❯ 1. Yes, and don't ask again",
                "") + "\n";
        assertThat(ExtractorTest.events(output)).isEmpty();
    }

    /** bash under script(1): the errors of the commands typed are errors, their prompts commands. */
    @Test
    void theErrorsOfCommandsTypedAtAShellAreErrorsWithTheirProgram() {
        String output = """
                bash-5.2# PS1='\\u@\\h:\\w\\$ '
                root@vm:/tmp/x14# rm /nonexistent/x
                rm: cannot remove '/nonexistent/x': No such file or directory
                root@vm:/tmp/x14# foo-not-a-command
                bash: foo-not-a-command: command not found
                bash: cd: /etc/passwd: Not a directory
                /root/.pyenv/versions/3.11.7/bin/python3: can't open file '/nope.py': [Errno 2] No such file or directory
                mkdir: cannot create directory ‘/tmp’: File exists
                sh: 1: foo: not found
                zsh: command not found: foo
                System has not been booted with systemd as init system (PID 1). Can't operate.
                Failed to connect to bus: Host is down
                psql: error: connection to server on socket "/tmp/.s.PGSQL.5432" failed: FATAL:  database "nodb" does not exist
                The file was not found, so we created it.
                Failed to start? Try again.
                note: the cache directory cannot be shared
                usage: rm [-f | -i] [-dIPRrvWx] file ...
                """;
        assertThat(commands(output)).containsExactly(
                "1 shell_command PS1='\\u@\\h:\\w\\$ ' low",
                "2 shell_command rm /nonexistent/x medium {\"risk_rule\":\"rm\"}",
                "3 error rm: cannot remove '/nonexistent/x': No such file or directory",
                "4 shell_command foo-not-a-command low",
                "5 error bash: foo-not-a-command: command not found",
                "6 error bash: cd: /etc/passwd: Not a directory",
                "7 error /root/.pyenv/versions/3.11.7/bin/python3: can't open file '/nope.py': [Errno 2] No such file or directory",
                "8 error mkdir: cannot create directory ‘/tmp’: File exists",
                "9 error sh: 1: foo: not found",
                "10 error zsh: command not found: foo",
                "12 error Failed to connect to bus: Host is down",
                "13 error connection to server on socket \"/tmp/.s.PGSQL.5432\" failed: FATAL:  database \"nodb\" does not exist");
        assertThat(ExtractorTest.events(output).get(6).metadataJson()).isEqualTo("{\"program\":\"python3\"}");
    }
}
