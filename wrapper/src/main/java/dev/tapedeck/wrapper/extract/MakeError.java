package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * make giving up: {@code make: *** [Makefile:5: main.o] Error 1}, {@code make[1]: *** No rule to make
 * target 'x'.  Stop.}, {@code Makefile:3: *** missing separator.  Stop.}: an {@code error} with the
 * tool, its depth, the makefile, line and target. A recursive make reports one failure once per
 * level ({@code gmake[2]: *** ... Error 1}, {@code gmake[1]: *** ... Error 2}, {@code gmake: ***
 * ... Error 2}): the levels above, and the {@code Leaving directory} lines between them, are the
 * same problem, absorbed. {@code *** Waiting for unfinished jobs....} is silent.
 */
final class MakeError implements Recognizer {
    static final String NAME = "make_error";
    private static final List<String> KEYWORDS = List.of(": *** ");
    private static final Pattern LINE = Pattern.compile(
            "^(?<tool>(?:g?make|mingw32-make)(?:\\[(?<depth>\\d{1,4})\\])?|[^\\s:]++:\\d++): \\*\\*\\* "
            + "(?:\\[(?:(?<makefile>[^\\]\\s:]++):(?<line>\\d{1,18}): )?(?<target>[^\\]]++)\\] )?(?<value>\\S.*+)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return KEYWORDS;
    }

    @Override
    public Recognized recognize(String body, String previous) {
        Matcher m = LINE.matcher(body);
        if (!m.matches()) {
            return null;
        }
        String value = m.group("value").strip();
        if (value.startsWith("Waiting for unfinished jobs")) {
            return Recognized.silent(null);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("tool", m.group("tool"));
        int depth = depth(m);
        if (m.group("depth") != null) {
            metadata.put("depth", (long) depth);
        }
        if (m.group("makefile") != null) {
            metadata.put("makefile", m.group("makefile"));
            metadata.put("line", Long.parseLong(m.group("line")));
        }
        if (m.group("target") != null) {
            metadata.put("target", m.group("target"));
        }
        Found found = Found.of("error", NAME, value, metadata);
        return depth > 0 ? new Recognized(found, new Propagation(depth)) : Recognized.of(found);
    }

    private static int depth(Matcher m) {
        return m.group("depth") == null ? 0 : Integer.parseInt(m.group("depth"));
    }

    /** The same failure reported again by the makes above: lower depths, and their Leaving directory lines. */
    private static final class Propagation implements Continuation {
        private int depth;

        Propagation(int depth) {
            this.depth = depth;
        }

        @Override
        public Fit next(String body, Draft draft) {
            if (body.contains("make") && body.contains(": Leaving directory ")) {
                return Fit.PART;
            }
            if (!body.contains(": *** ")) {
                return Fit.NOT;
            }
            Matcher m = LINE.matcher(body);
            if (!m.matches() || m.group("depth") == null && !m.group("tool").endsWith("make") || depth(m) >= depth) {
                return Fit.NOT;
            }
            depth = depth(m);
            return depth == 0 ? Fit.LAST : Fit.PART;
        }
    }
}
