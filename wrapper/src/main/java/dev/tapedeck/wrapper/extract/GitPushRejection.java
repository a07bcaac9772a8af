package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A push that git or the remote refused: {@code ! [rejected] main -> main (non-fast-forward)} or
 * {@code ! [remote rejected] main -> main (pre-receive hook declined)}. The refs refused by one push,
 * the {@code error: failed to push some refs to ...} line that follows them and git's {@code hint:}
 * lines are one problem: one {@code error} per refused push. Value: the first refused ref and its
 * reason; metadata: {@code ref}, {@code reason}, {@code kind} ({@code rejected}, {@code remote
 * rejected}). When the remote's hook or server said why first ({@code remote: ERROR: refusing WIP
 * commit}), that line is the headline and the ref lines belong to it; {@code error: src refspec x
 * does not match any} and the failed push after it are one problem too.
 */
final class GitPushRejection implements Recognizer {
    static final String NAME = "git_rejected";
    private static final List<String> KINDS = List.of("! [rejected]", "! [remote rejected]");
    private static final Pattern REMOTE_ERROR = Pattern.compile("^remote: (?:error|ERROR|Error|fatal|FATAL):? ");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return List.of("[rejected]", "[remote rejected]", "remote: error", "remote: ERROR", "remote: Error",
                "remote: fatal", "remote: FATAL", "error: src refspec ");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        String kind = kindOf(body);
        if (kind == null) {
            return otherHeadline(body);
        }
        String value = LogLevelLine.valueOf(body.substring(kind.length()));
        if (value == null) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("kind", kind.substring(3, kind.length() - 1));
        int arrow = value.indexOf(" -> ");
        if (arrow > 0) {
            metadata.put("ref", value.substring(0, arrow));
        }
        int open = value.lastIndexOf(" (");
        if (open > 0 && value.endsWith(")")) {
            metadata.put("reason", value.substring(open + 2, value.length() - 1));
        }
        return new Recognized(Found.of("error", NAME, value, metadata), new RestOfPush(true));
    }

    /**
     * A push problem that starts before git's ref lines: the remote's hook or server refusing it
     * ({@code remote: ERROR: refusing WIP commit}, GitHub's {@code remote: error: GH006: ...}), or
     * a ref that does not exist ({@code error: src refspec x does not match any}).
     */
    private static Recognized otherHeadline(String body) {
        Matcher m = REMOTE_ERROR.matcher(body);
        String value;
        String kind;
        if (m.lookingAt()) {
            value = LogLevelLine.valueOf(body.substring(m.end()));
            kind = "remote error";
        } else if (body.startsWith("error: src refspec ")) {
            value = LogLevelLine.valueOf(body.substring(7));
            kind = "no such ref";
        } else {
            return null;
        }
        return value == null ? null
                : new Recognized(Found.of("error", NAME, value, new LinkedHashMap<>(Map.of("kind", kind))),
                        new RestOfPush(!kind.equals("remote error")));
    }

    private static String kindOf(String body) {
        for (String kind : KINDS) {
            if (body.startsWith(kind)) {
                return kind;
            }
        }
        return null;
    }

    /**
     * The rest of one push: before its ref lines, the remote's other lines and git's "To url"; the
     * refused refs; the closing "error: failed to push some refs"; git's hints. A "To" line or a
     * remote line after the refs starts the next push. Owned by the recorder thread.
     */
    private static final class RestOfPush implements Continuation {
        private boolean refs;
        private boolean closed;

        RestOfPush(boolean refs) {
            this.refs = refs;
        }

        @Override
        public Fit next(String body, Draft draft) {
            if (body.startsWith("hint:")) {
                return Fit.PART;
            }
            if (!refs && (body.startsWith("remote:") || body.startsWith("To "))) {
                return Fit.PART;
            }
            if (kindOf(body) != null && !closed) {
                refs = true;
                return Fit.PART;
            }
            if (body.startsWith("error: failed to push some refs") && !closed) {
                closed = true;
                return Fit.PART;
            }
            return Fit.NOT;
        }
    }
}
