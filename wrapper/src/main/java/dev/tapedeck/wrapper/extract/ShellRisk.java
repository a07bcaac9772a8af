package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.RiskLevel;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides how risky a shell command is: the first rule whose regex is found in the command gives
 * its risk, otherwise the risk is low. A low-risk command is auto-confirmable when it matches one of
 * the read-only rules.
 */
final class ShellRisk {
    record Rule(String name, Pattern regex, RiskLevel risk) {
    }

    private final List<Rule> rules;
    private final List<Pattern> readOnly;

    ShellRisk(List<Rule> rules, List<Pattern> readOnly) {
        this.rules = List.copyOf(rules);
        this.readOnly = List.copyOf(readOnly);
    }

    /** The risk and the rule that decided it ({@code null} name when no rule matched). */
    record Verdict(RiskLevel risk, String rule, boolean autoConfirmable) {
    }

    Verdict classify(String command) {
        for (Rule rule : rules) {
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
        List<Rule> merged = new java.util.ArrayList<>(other.rules);
        merged.addAll(rules);
        List<Pattern> safe = new java.util.ArrayList<>(other.readOnly);
        safe.addAll(readOnly);
        return new ShellRisk(merged, safe);
    }
}
