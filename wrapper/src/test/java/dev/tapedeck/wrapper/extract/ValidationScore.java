package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.Extraction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the events of one transcript compare with its labels (the events a careful engineer expects,
 * written down before tapedeck ran on it; format in validation/README.md). A label lists the
 * lines one event may be on; the first event there matches it (one of the label's type first),
 * and any further event there is a duplicate. Lines no label covers are silent; blank lines are
 * not counted as silent, since nothing could be found on them.
 */
final class ValidationScore {
    private static final Pattern LABEL = Pattern.compile(
            "^(?<lines>\\d+(?:-\\d+)?(?:,\\d+(?:-\\d+)?)*)\\s+(?<type>[a-z_]+)(?:\\s+risk=(?<risk>low|medium|high))?"
            + "\\s*(?:#.*)?$");
    private static final Pattern ESCAPE = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\u001b\\][^\u0007]*\u0007|\r");

    record Label(BitSet lines, String type, String risk, String text) {
    }

    /** An expected event and the event that matched it (null: missed). */
    record Outcome(Label label, Extraction event) {
        boolean found() {
            return event != null;
        }

        boolean typed() {
            return event != null && event.eventType().equals(label.type);
        }
    }

    record Result(String file, int lines, int silentLines, List<Outcome> outcomes, List<Extraction> falseEvents,
                  List<Extraction> duplicates, int riskLabels, int riskRight) {
        int labels() {
            return outcomes.size();
        }

        long found() {
            return outcomes.stream().filter(Outcome::found).count();
        }

        long typed() {
            return outcomes.stream().filter(Outcome::typed).count();
        }

        /** Silent lines that got at least one event. */
        long noisyLines() {
            return falseEvents.stream().mapToLong(Extraction::lineNumber).distinct().count();
        }
    }

    private ValidationScore() {
    }

    static List<Label> parseLabels(String text, String file) {
        List<Label> labels = new ArrayList<>();
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LABEL.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + n + ": not a label: " + line);
            }
            BitSet lines = new BitSet();
            for (String part : m.group("lines").split(",")) {
                int dash = part.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
                if (from < 1 || to < from) {
                    throw new IllegalArgumentException(file + ":" + n + ": bad line range " + part);
                }
                lines.set(from, to + 1);
            }
            labels.add(new Label(lines, m.group("type"), m.group("risk"), line));
        }
        return labels;
    }

    static Result score(String file, String transcript, List<Label> labels, List<Extraction> events) {
        String[] lines = transcript.split("\n", -1);
        int lineCount = transcript.endsWith("\n") ? lines.length - 1 : lines.length;
        BitSet covered = new BitSet();
        labels.forEach(l -> covered.or(l.lines));
        if (covered.length() - 1 > lineCount) {
            throw new IllegalArgumentException(file + ": a label names line " + (covered.length() - 1)
                    + " of a transcript of " + lineCount + " lines");
        }
        Extraction[] matched = new Extraction[labels.size()];
        boolean[] used = new boolean[events.size()];
        for (boolean sameType : new boolean[] {true, false}) {
            for (int l = 0; l < labels.size(); l++) {
                if (matched[l] != null) {
                    continue;
                }
                for (int e = 0; e < events.size(); e++) {
                    Extraction event = events.get(e);
                    if (!used[e] && labels.get(l).lines.get(Math.toIntExact(event.lineNumber()))
                            && (!sameType || event.eventType().equals(labels.get(l).type))) {
                        matched[l] = event;
                        used[e] = true;
                        break;
                    }
                }
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        int riskLabels = 0;
        int riskRight = 0;
        for (int l = 0; l < labels.size(); l++) {
            Outcome outcome = new Outcome(labels.get(l), matched[l]);
            outcomes.add(outcome);
            if (labels.get(l).risk != null) {
                riskLabels++;
                if (outcome.typed() && matched[l].riskLevel() != null
                        && matched[l].riskLevel().wireName().equals(labels.get(l).risk)) {
                    riskRight++;
                }
            }
        }
        List<Extraction> falseEvents = new ArrayList<>();
        List<Extraction> duplicates = new ArrayList<>();
        for (int e = 0; e < events.size(); e++) {
            if (!used[e]) {
                (covered.get(Math.toIntExact(events.get(e).lineNumber())) ? duplicates : falseEvents).add(events.get(e));
            }
        }
        int silent = 0;
        for (int i = 1; i <= lineCount; i++) {
            if (!covered.get(i) && !ESCAPE.matcher(lines[i - 1]).replaceAll("").isBlank()) {
                silent++;
            }
        }
        return new Result(file, lineCount, silent, outcomes, falseEvents, duplicates, riskLabels, riskRight);
    }

    static String ratio(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) part / whole);
    }
}
