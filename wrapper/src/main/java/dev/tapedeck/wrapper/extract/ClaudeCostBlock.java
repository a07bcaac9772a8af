package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Claude Code's {@code /cost} block, one {@code token_usage} event for the whole of it:
 * <pre>
 *   ⎿  Total cost:            $0.0442
 *      Total duration (API):  1m 2.3s
 *      Total duration (wall): 3m 4.5s
 *      Total code changes:    12 lines added, 3 lines removed
 *      Usage:                 1.2k input, 300 output, 10k cache read, 0 cache write
 * </pre>
 * (newer versions list {@code Usage by model:} and a row per model, whose counts are added up).
 * Value: the cost in dollars; metadata: {@code cost_usd}, the two durations and the token counts
 * ({@code 1.2k} is 1,200).
 */
final class ClaudeCostBlock implements Recognizer {
    static final String NAME = "claude_total_cost";
    private static final Pattern COST = Pattern.compile("^Total cost:\\s{1,40}+\\$(?<cost>\\d{1,12}(?:\\.\\d{1,12})?)");
    private static final Pattern COUNT = Pattern.compile(
            "(?<n>\\d{1,12}(?:\\.\\d{1,6})?)(?<unit>[kKmM]?) (?<kind>input|output|cache read|cache write)\\b");
    private static final Map<String, String> KEYS = Map.of("input", "input_tokens", "output", "output_tokens",
            "cache read", "cache_read_tokens", "cache write", "cache_write_tokens");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return List.of("Total cost:");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        Matcher m = COST.matcher(body);
        if (!m.lookingAt() || !body.substring(m.end()).isBlank()) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("cost_usd", m.group("cost"));
        return new Recognized(Found.of("token_usage", NAME, m.group("cost"), metadata), ClaudeCostBlock::rest);
    }

    /** The block's other lines: durations, code changes, usage and one row per model. */
    private static Continuation.Fit rest(String body, Draft draft) {
        if (body.startsWith("Total duration (API):")) {
            draft.metadata().put("duration_api", body.substring(21).strip());
        } else if (body.startsWith("Total duration (wall):")) {
            draft.metadata().put("duration_wall", body.substring(22).strip());
        } else if (body.startsWith("Total code changes:") || body.equals("Usage by model:")) {
            return Continuation.Fit.PART;
        } else if (body.startsWith("Usage:") || body.contains(" input, ") && body.contains(" output")) {
            addCounts(body, draft.metadata());
        } else {
            return Continuation.Fit.NOT;
        }
        return Continuation.Fit.PART;
    }

    private static void addCounts(String line, Map<String, Object> metadata) {
        Matcher m = COUNT.matcher(line);
        while (m.find()) {
            double n = Double.parseDouble(m.group("n"));
            String unit = m.group("unit").toLowerCase(java.util.Locale.ROOT);
            long count = Math.round(unit.equals("k") ? n * 1_000 : unit.equals("m") ? n * 1_000_000 : n);
            metadata.merge(KEYS.get(m.group("kind")), count, (a, b) -> (Long) a + (Long) b);
        }
    }
}
