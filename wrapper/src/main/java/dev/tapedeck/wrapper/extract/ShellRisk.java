package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.RiskLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides how risky a shell command is: the first rule whose regex is found in the command gives
 * its risk, otherwise the risk is low. A low-risk command is auto-confirmable when it matches one of
 * the read-only rules. A rule with keywords is tried only on commands holding one of them, in any
 * case: one scan of the command spares most commands most regexes. Each regex has the extractor's
 * time budget per command; a rule that runs past it is taken to match (a command that can't be
 * judged in time is not called safe), a read-only rule that does is taken not to.
 */
final class ShellRisk {
    /** A rule; keywords empty: always tried. */
    record Rule(String name, Pattern regex, RiskLevel risk, List<String> keywords) {
        Rule {
            keywords = List.copyOf(keywords);
        }
    }

    private final List<Rule> rules;
    private final List<Pattern> readOnly;
    private final KeywordIndex keywords;
    private final int[][] keywordIds;

    ShellRisk(List<Rule> rules, List<Pattern> readOnly) {
        this.rules = List.copyOf(rules);
        this.readOnly = List.copyOf(readOnly);
        List<String> all = new ArrayList<>();
        rules.forEach(rule -> all.addAll(rule.keywords()));
        this.keywords = new KeywordIndex(all, true);
        this.keywordIds = this.rules.stream().map(rule -> keywords.idsOf(rule.keywords())).toArray(int[][]::new);
    }

    /** The risk and the rule that decided it ({@code null} name when no rule matched). */
    record Verdict(RiskLevel risk, String rule, boolean autoConfirmable) {
    }

    List<Rule> rules() {
        return rules;
    }

    /** A scanner for {@link #classify}, owned by the calling thread. */
    KeywordIndex.Scanner scanner() {
        return keywords.scanner();
    }

    Verdict classify(String command, KeywordIndex.Scanner scanner) {
        boolean any = scanner.scan(command);
        TimedText timed = new TimedText(); // ShellRisk is shared; commands are few
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (keywordIds[i].length > 0 && !(any && scanner.foundAny(keywordIds[i]))) {
                continue;
            }
            if (found(rule.regex(), command, timed, true)) {
                return new Verdict(rule.risk(), rule.name(), false);
            }
        }
        for (Pattern safe : readOnly) {
            if (found(safe, command, timed, false)) {
                return new Verdict(RiskLevel.LOW, null, true);
            }
        }
        return new Verdict(RiskLevel.LOW, null, false);
    }

    private static boolean found(Pattern regex, String command, TimedText timed, boolean onOverrun) {
        try {
            return regex.matcher(timed.reset(command, Extractor.BUDGET_NANOS)).find();
        } catch (TimedText.Overrun e) {
            return onOverrun;
        }
    }

    ShellRisk plus(ShellRisk other) {
        List<Rule> merged = new ArrayList<>(other.rules);
        merged.addAll(rules);
        List<Pattern> safe = new ArrayList<>(other.readOnly);
        safe.addAll(readOnly);
        return new ShellRisk(merged, safe);
    }
}
