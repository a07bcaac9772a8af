package dev.tapedeck.wrapper.extract;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import dev.tapedeck.store.RiskLevel;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The patterns the extractor applies, ordered by priority (highest first, then file order), and the
 * shell risk rules. The default set ships in the jar ({@code default-patterns.json}); a user file
 * extends it (a pattern of the same name replaces the default one) or, with
 * {@code "replace_defaults": true}, replaces its patterns. The format is in docs/patterns.md.
 * Immutable and shared.
 */
public final class PatternSet {
    private static final String DEFAULTS = "default-patterns.json";
    private static final Set<String> FILE_FIELDS =
            Set.of("version", "replace_defaults", "patterns", "shell_risk", "read_only_commands");
    private static final Set<String> PATTERN_FIELDS = Set.of("name", "event_type", "regex", "keywords", "risk",
            "auto_confirmable", "priority", "ignore_case", "after", "continuation", "final", "description");
    private static final Set<String> RULE_FIELDS = Set.of("name", "regex", "risk", "keywords");
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]*");

    private final List<PatternDefinition> patterns;
    private final ShellRisk shellRisk;
    private final String version;
    /** Read from a user's file: its patterns replace the defaults instead of extending them. */
    private final boolean replaceDefaults;
    /** The built-in recognisers in use: none when a user's file replaces the defaults. */
    private final List<Recognizer> recognizers;

    private PatternSet(List<PatternDefinition> patterns, ShellRisk shellRisk, String version,
                       boolean replaceDefaults) {
        this.replaceDefaults = replaceDefaults;
        Set<String> names = new java.util.HashSet<>();
        patterns.forEach(p -> names.add(p.name()));
        // A pattern named like a recogniser replaces it, as it would a default pattern.
        this.recognizers = replaceDefaults ? List.of()
                : Recognizers.DEFAULTS.stream().filter(r -> !names.contains(r.name())).toList();
        List<PatternDefinition> sorted = new ArrayList<>(patterns);
        sorted.sort(Comparator.comparingInt(PatternDefinition::priority).reversed());
        this.patterns = List.copyOf(sorted);
        this.shellRisk = shellRisk;
        this.version = version;
    }

    /** The default set shipped in the jar (read once: a run asks for it more than once). */
    public static PatternSet defaults() {
        return Defaults.SET;
    }

    /** Holds the default set, read when first asked for. */
    private static final class Defaults {
        static final PatternSet SET = readDefaults();
    }

    private static PatternSet readDefaults() {
        try (InputStream in = PatternSet.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + DEFAULTS);
        } catch (IOException e) {
            throw new IllegalStateException("read built-in " + DEFAULTS + " failed", e);
        }
    }

    /** The defaults extended (or replaced) by a user's pattern file; errors name the file. */
    public static PatternSet load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PatternFileException("patterns file " + file + ": cannot read: "
                    + dev.tapedeck.store.FileMessages.reasonOf(e), e);
        }
        return defaults().extendedBy(parse(text, "patterns file " + file));
    }

    public String version() {
        return version;
    }

    public int size() {
        return patterns.size();
    }

    List<PatternDefinition> patterns() {
        return patterns;
    }

    ShellRisk shellRisk() {
        return shellRisk;
    }

    /** The recognisers for families of formats (docs/patterns.md), tried between the patterns. */
    List<Recognizer> recognizers() {
        return recognizers;
    }

    private PatternSet extendedBy(PatternSet user) {
        boolean replace = user.replaceDefaults;
        Map<String, PatternDefinition> byName = new LinkedHashMap<>();
        if (!replace) {
            patterns.forEach(p -> byName.put(p.name(), p));
        }
        user.patterns.forEach(p -> byName.put(p.name(), p));
        String combined = replace ? user.version : user.version + "+" + version;
        return new PatternSet(new ArrayList<>(byName.values()), shellRisk.plus(user.shellRisk), combined, replace);
    }

    static PatternSet parse(String text, String source) {
        JsonObject root = readStrict(text, source);
        requireKnownFields(root, FILE_FIELDS, source);
        Fields file = new Fields(root, source);
        String version = file.optionalString("version", "sha256:" + sha256(text).substring(0, 12));
        boolean replaceDefaults = file.optionalBoolean("replace_defaults", false);
        List<PatternDefinition> patterns = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (JsonObject object : file.objects("patterns")) {
            PatternDefinition pattern = parsePattern(object, source);
            if (!names.add(pattern.name())) {
                throw new PatternFileException(source + ": pattern '" + pattern.name() + "' is defined twice", null);
            }
            patterns.add(pattern);
        }
        List<ShellRisk.Rule> rules = new ArrayList<>();
        for (JsonObject object : file.objects("shell_risk")) {
            requireKnownFields(object, RULE_FIELDS, source + ": shell_risk rule");
            Fields rule = new Fields(object, source + ": shell_risk rule");
            String name = rule.requiredString("name");
            String where = source + ": shell_risk rule '" + name + "'";
            rules.add(new ShellRisk.Rule(name, compile(rule.requiredString("regex"), false, where, "regex"),
                    parseRisk(rule.requiredString("risk"), where, false), rule.strings("keywords")));
        }
        List<Pattern> readOnly = new ArrayList<>();
        for (String regex : file.strings("read_only_commands")) {
            readOnly.add(compile(regex, false, source + ": read_only_commands", "regex"));
        }
        return new PatternSet(patterns, new ShellRisk(rules, readOnly), version, replaceDefaults);
    }

    private static PatternDefinition parsePattern(JsonObject object, String source) {
        Fields fields = new Fields(object, source + ": pattern");
        String name = fields.requiredString("name");
        String where = source + ": pattern '" + name + "'";
        requireKnownFields(object, PATTERN_FIELDS, where);
        Fields pattern = new Fields(object, where);
        String eventType = pattern.requiredString("event_type");
        if (!EVENT_TYPE.matcher(eventType).matches()) {
            throw new PatternFileException(where + ": event_type must be lower_snake_case, got '" + eventType + "'",
                    null);
        }
        boolean ignoreCase = pattern.optionalBoolean("ignore_case", false);
        String regexText = pattern.requiredString("regex");
        Pattern regex = compile(regexText, ignoreCase, where, "regex");
        String risk = pattern.optionalString("risk", null);
        boolean classifyShell = "shell".equals(risk);
        RiskLevel level = risk == null || classifyShell ? null : parseRisk(risk, where, true);
        String after = pattern.optionalString("after", null);
        String continuation = pattern.optionalString("continuation", null);
        pattern.optionalString("description", null);
        return new PatternDefinition(name, eventType, regex, pattern.strings("keywords"), level, classifyShell,
                pattern.optionalBoolean("auto_confirmable", false), pattern.optionalInt("priority", 0),
                after == null ? null : compile(after, ignoreCase, where, "after"),
                continuation == null ? null : compile(continuation, ignoreCase, where, "continuation"),
                pattern.optionalBoolean("final", false), groupNames(regexText));
    }

    private static RiskLevel parseRisk(String risk, String where, boolean shellAllowed) {
        try {
            return RiskLevel.parse(risk);
        } catch (IllegalArgumentException e) {
            throw new PatternFileException(where + ": risk must be one of low, medium, high"
                    + (shellAllowed ? ", shell" : "") + ", got '" + risk + "'", e);
        }
    }

    private static Pattern compile(String regex, boolean ignoreCase, String where, String field) {
        try {
            return Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new PatternFileException(where + ": " + field + " /" + regex + "/ does not compile: "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    /** The named groups of a regex, in order of appearance. */
    static List<String> groupNames(Pattern regex) {
        return groupNames(regex.pattern());
    }

    private static List<String> groupNames(String regex) {
        List<String> names = new ArrayList<>();
        Matcher m = GROUP_NAME.matcher(regex);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    private static JsonObject readStrict(String text, String source) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            boolean empty = false;
            try {
                reader.peek();
            } catch (EOFException nothing) {
                empty = true;
            }
            JsonElement root = empty ? JsonNull.INSTANCE : readValue(reader, source);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new PatternFileException(source + ": not valid JSON: more after the end of the top-level value",
                        null);
            }
            if (!root.isJsonObject()) {
                throw new PatternFileException(source + ": must hold a JSON object, got " + kind(root), null);
            }
            return root.getAsJsonObject();
        } catch (IOException e) {
            throw new PatternFileException(source + ": not valid JSON: " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse(""), e);
        } catch (JsonParseException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // Gson adds a second line pointing to its troubleshooting guide; the user gets one line.
            String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
            throw new PatternFileException(source + ": not valid JSON: " + message, e);
        }
    }

    /** Like Gson's own tree reader, but a key given twice in one object is an error, not "the last wins". */
    private static JsonElement readValue(JsonReader reader, String source) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        throw new PatternFileException(source + ": not valid JSON: key '" + name + "' given twice at "
                                + reader.getPath(), null);
                    }
                    object.add(name, readValue(reader, source));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(readValue(reader, source));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new java.math.BigDecimal(reader.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new JsonSyntaxException("unexpected " + reader.peek() + " at "
                    + reader.getPath());
        }
    }

    private static void requireKnownFields(JsonObject object, Set<String> known, String where) {
        for (String field : object.keySet()) {
            if (!known.contains(field)) {
                throw new PatternFileException(where + ": unknown field '" + field + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")", null);
            }
        }
    }

    static String kind(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return "null";
        }
        if (element.isJsonArray()) {
            return "an array";
        }
        if (element.isJsonObject()) {
            return "an object";
        }
        return element.getAsJsonPrimitive().isString() ? "a string" : element.toString();
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
