package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.Extraction;
import dev.tapedeck.wrapper.extract.ValidationScore.Outcome;
import dev.tapedeck.wrapper.extract.ValidationScore.Result;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The validation figures as Markdown: totals, per family and per file, then every miss and false event. */
final class ValidationReport {
    private static final int MAX_VALUE_CHARS = 90;

    private ValidationReport() {
    }

    static String of(List<Result> results) {
        StringBuilder out = new StringBuilder("# Extraction on the validation set\n\n");
        out.append("| set | files | lines | labels | recall | type accuracy | silent lines | clean | duplicates | risk right |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        row(out, "**all**", results);
        Map<String, List<Result>> families = new TreeMap<>();
        for (Result r : results) {
            String family = r.file().contains("/") ? r.file().substring(0, r.file().indexOf('/')) : "-";
            families.computeIfAbsent(family, f -> new java.util.ArrayList<>()).add(r);
        }
        families.forEach((family, list) -> row(out, family, list));
        out.append("\n## Per file\n\n");
        out.append("| file | files | lines | labels | recall | type accuracy | silent lines | clean | duplicates | risk right |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        results.forEach(r -> row(out, r.file(), List.of(r)));
        out.append("\n## Missed or mistyped labels\n\n");
        for (Result r : results) {
            for (Outcome o : r.outcomes()) {
                if (!o.typed()) {
                    out.append("- `").append(r.file()).append("` `").append(o.label().text()).append("`: ")
                            .append(o.found() ? "got " + describe(o.event()) : "nothing").append('\n');
                }
            }
        }
        out.append("\n## Events on silent lines, and duplicates within a label's lines\n\n");
        for (Result r : results) {
            r.falseEvents().forEach(e -> out.append("- false `").append(r.file()).append("` ").append(describe(e))
                    .append('\n'));
            r.duplicates().forEach(e -> out.append("- duplicate `").append(r.file()).append("` ").append(describe(e))
                    .append('\n'));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String name, List<Result> results) {
        long labels = results.stream().mapToLong(Result::labels).sum();
        long found = results.stream().mapToLong(Result::found).sum();
        long typed = results.stream().mapToLong(Result::typed).sum();
        long silent = results.stream().mapToLong(Result::silentLines).sum();
        long noisy = results.stream().mapToLong(Result::noisyLines).sum();
        long duplicates = results.stream().mapToLong(r -> r.duplicates().size()).sum();
        long risks = results.stream().mapToLong(Result::riskLabels).sum();
        long risksRight = results.stream().mapToLong(Result::riskRight).sum();
        out.append("| ").append(name).append(" | ").append(results.size()).append(" | ")
                .append(results.stream().mapToLong(Result::lines).sum()).append(" | ").append(labels).append(" | ")
                .append(ValidationScore.ratio(found, labels)).append(" | ").append(ValidationScore.ratio(typed, found))
                .append(" | ").append(silent).append(" | ").append(ValidationScore.ratio(silent - noisy, silent))
                .append(" | ").append(duplicates).append(" | ").append(risksRight).append('/').append(risks)
                .append(" |\n");
    }

    private static String describe(Extraction e) {
        String value = e.matchedValue() == null ? "" : e.matchedValue();
        if (value.length() > MAX_VALUE_CHARS) {
            value = value.substring(0, MAX_VALUE_CHARS) + "…";
        }
        return "line " + e.lineNumber() + " " + e.eventType() + " (" + e.pattern() + ") `"
                + value.replace("`", "'").replace("\n", " ") + "`";
    }
}
