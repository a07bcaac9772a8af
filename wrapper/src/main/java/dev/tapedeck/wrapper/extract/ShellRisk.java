package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.RiskLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides how risky a shell command is: the first rule whose regex is found in the command gives
 * its risk, otherwise the risk is low. A low-risk command is auto-confirmable when it matches one of
 * the read-only rules. A rule with keywords is tried only on commands holding one of them, in any
 * case: one scan of the command spares most commands most regexes.
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
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (keywordIds[i].length > 0 && !(any && scanner.foundAny(keywordIds[i]))) {
                continue;
            }
            if (rule.regex().matcher(command).find()) {
                return new Verdict(rule.risk(), rule.name(), false);
            }
        }
        for (Pattern safe : readOnly) {
            if (safe.matcher(command).find()) {
                return new Verdict(RiskLevel.LOW, null, true);
            }
        }
        return new Verdict(RiskLevel.LOW, null, false);
    }

    ShellRisk plus(ShellRisk other) {
        List<Rule> merged = new ArrayList<>(other.rules);
        merged.addAll(rules);
        List<Pattern> safe = new ArrayList<>(other.readOnly);
        safe.addAll(readOnly);
        return new ShellRisk(merged, safe);
    }
}
