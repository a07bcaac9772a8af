package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShellRiskTest {
    private static final String[] WORDS = {"rm", "-rf", "-r", "-R", "--recursive", "sudo", "SUDO", "su", "-", "doas",
        "pkexec", "git", "-C", "repo", "push", "--force", "-f", "+main", "origin", "reset", "--hard", "clean", "-fd",
        "rebase", "filter-branch", "commit", "--amend", "checkout", "--", "restore", "stash", "drop", "clear", "chmod",
        "777", "0777", "chown", "chgrp", "curl", "wget", "https://x.sh", "|", "sh", "bash", "python3", "dd",
        "if=/dev/zero", "of=/dev/sda", "mkfs", "mkfs.ext4", "DROP", "Table", "database", "TRUNCATE", "table", ">",
        "/dev/sda", "/dev/nvme0n1", ":(){", ":|:&", "};:", "shutdown", "reboot", "halt", "poweroff", "kubectl",
        "delete", "terraform", "destroy", "helm", "uninstall", "find", ".", "-delete", "-exec", "mv", "kill", "killall",
        "pkill", "docker", "system", "prune", "rmi", "volume", "npm", "install", "i", "-g", "pip", "pip3", "apt-get",
        "apt", "brew", "cargo", "gem", "yum", "dnf", "ls", "cat", "echo", ";", "&&", "x", "'", "/bin/zsh", "-lc",
        "cd", "src", "go", "vet", "status", "log"};

    /** Keywords only skip regexes that cannot match: every verdict is the one the regexes alone give. */
    @Test
    void keywordsNeverChangeAVerdict() {
        ShellRisk withKeywords = PatternSet.defaults().shellRisk();
        ShellRisk regexesOnly = new ShellRisk(withKeywords.rules().stream()
                .map(rule -> new ShellRisk.Rule(rule.name(), rule.regex(), rule.risk(), List.of())).toList(), List.of());
        assertThat(withKeywords.rules()).allSatisfy(rule -> assertThat(rule.keywords()).isNotEmpty());
        KeywordIndex.Scanner scanner = withKeywords.scanner();
        KeywordIndex.Scanner none = regexesOnly.scanner();
        Random random = new Random(11);
        int risky = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder command = new StringBuilder();
            for (int n = 1 + random.nextInt(8); n > 0; n--) {
                command.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(6) == 0 ? "" : " ");
            }
            String c = command.toString();
            ShellRisk.Verdict expected = regexesOnly.classify(c, none);
            ShellRisk.Verdict actual = withKeywords.classify(c, scanner);
            assertThat(actual.rule()).as(c).isEqualTo(expected.rule());
            assertThat(actual.risk()).as(c).isEqualTo(expected.risk());
            risky += expected.rule() == null ? 0 : 1;
        }
        assertThat(risky).as("the generated commands hit the rules").isGreaterThan(5_000);
    }

    /**
     * rm_recursive rescans the rest of the command from every 'rm' in it: 20,000 of them took the
     * recorder seconds, unbudgeted. Each rule now has the extractor's 20 ms per command, and a rule
     * that runs out of it is taken to match: such a command is not called safe.
     */
    @Test
    void aCommandThatMakesARuleBacktrackCostsAtMostTheBudgetAndIsNotCalledSafe() {
        ShellRisk rules = PatternSet.defaults().shellRisk();
        String command = "rm ".repeat(20_000);
        long started = System.nanoTime();
        ShellRisk.Verdict verdict = rules.classify(command, rules.scanner());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(verdict.rule()).isEqualTo("rm_recursive");
        assertThat(verdict.risk()).isEqualTo(dev.tapedeck.store.RiskLevel.HIGH);
        assertThat(millis).as("took %d ms", millis).isLessThan(1_000);
    }

    /** The rules judge the command inside a wrapper, a pipeline or xargs, not only its first word. */
    @Test
    void aDangerousCommandInsideAWrapperOrAPipelineIsHighRisk() {
        ShellRisk rules = PatternSet.defaults().shellRisk();
        KeywordIndex.Scanner scanner = rules.scanner();
        String[][] cases = {
            {"bash -lc 'rm -rf build'", "rm_recursive"}, {"sh -c \"git reset --hard\"", "git_reset_hard"},
            {"cat key | sudo tee /etc/key", "privilege_escalation"}, {"ls | xargs rm -rf", "rm_recursive"},
            {"find . -name '*.tmp' -delete", "find_delete"}, {"find . -exec rm {} +", "find_delete"},
            {"git push --force-with-lease origin main", "git_push_force"},
            {"env FOO=1 bash -c 'git clean -fdx'", "git_clean_force"}, {"redis-cli FLUSHALL", "data_wipe"},
            {"crontab -u alice -r", "data_wipe"}, {"shred -u secrets.txt", "data_wipe"}, {"zsh -c \"sudo reboot\"", "privilege_escalation"},
        };
        for (String[] c : cases) {
            ShellRisk.Verdict verdict = rules.classify(c[0], scanner);
            assertThat(verdict.rule()).as(c[0]).isEqualTo(c[1]);
            assertThat(verdict.risk()).as(c[0]).isEqualTo(dev.tapedeck.store.RiskLevel.HIGH);
        }
    }

    /**
     * Changes that can be undone are medium (edits in place, overwrites, commits, merges, stashes,
     * installs, services, SQL writes); discarding work, deleting a remote branch and piping anything
     * into a shell are high.
     */
    @Test
    void editsCommitsInstallsAndOverwritesAreMediumAndDiscardingWorkIsHigh() {
        ShellRisk rules = PatternSet.defaults().shellRisk();
        KeywordIndex.Scanner scanner = rules.scanner();
        String[][] cases = {
            {"sed -i 's/x/y/' main.go", "in_place_edit", "medium"}, {"perl -0pi -e 's/a/b/' x.rs", "in_place_edit", "medium"},
            {"ruff check --fix src", "in_place_edit", "medium"}, {"npx prettier --write .", "in_place_edit", "medium"},
            {"printf 'x' > notes.txt", "file_overwrite", "medium"}, {"echo x >> README.md", "file_overwrite", "medium"},
            {"cp a.json b.json", "copy_overwrite", "medium"}, {"git commit -am 'x'", "git_change", "medium"},
            {"git stash pop", "git_change", "medium"}, {"git merge --abort", "git_change", "medium"},
            {"git pull --rebase origin main", "git_change", "medium"}, {"git branch -D old", "git_change", "medium"},
            {"npm install left-pad", "package_install", "medium"}, {"systemctl restart nginx", "service_control", "medium"},
            {"psql -d shop -f schema.sql", "sql_write", "medium"}, {"createdb shop", "sql_write", "medium"},
            {"git checkout -- README.md", "git_discard", "high"}, {"git restore src/app.py", "git_discard", "high"},
            {"git push origin --delete old-ui", "git_push_delete", "high"}, {"cat install.sh | sh", "piped_to_shell", "high"},
            {"dropdb shop", "sql_drop", "high"},
        };
        for (String[] c : cases) {
            ShellRisk.Verdict verdict = rules.classify(c[0], scanner);
            assertThat(verdict.rule()).as(c[0]).isEqualTo(c[1]);
            assertThat(verdict.risk().wireName()).as(c[0]).isEqualTo(c[2]);
        }
        for (String low : List.of("java -cp out app.Main", "git stash list", "cmd 2>&1",
                "ls > /dev/null", "node -e 'a => b'", "git status", "make -j4")) {
            assertThat(rules.classify(low, scanner).risk().wireName()).as(low).isEqualTo("low");
        }
    }
}
