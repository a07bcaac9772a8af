package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A push that git or the remote refused: {@code ! [rejected] main -> main (non-fast-forward)} or
 * {@code ! [remote rejected] main -> main (pre-receive hook declined)}. The refs refused by one push,
 * the {@code error: failed to push some refs to ...} line that follows them and git's {@code hint:}
 * lines are one problem: one {@code error} per refused push. Value: the first refused ref and its
 * reason; metadata: {@code ref}, {@code reason}, {@code kind} ({@code rejected}, {@code remote
 * rejected}). The hook's own {@code remote: error: ...} lines, printed before, are events of their
 * own (the {@code git_remote_error} pattern).
 */
final class GitPushRejection implements Recognizer {
    static final String NAME = "git_rejected";
    private static final List<String> KINDS = List.of("! [rejected]", "! [remote rejected]");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keywords() {
        return List.of("[rejected]", "[remote rejected]");
    }

    @Override
    public Recognized recognize(String body, String previous) {
        String kind = kindOf(body);
        if (kind == null) {
            return null;
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
        return new Recognized(Found.of("error", NAME, value, metadata), GitPushRejection::restOfPush);
    }

    private static String kindOf(String body) {
        for (String kind : KINDS) {
            if (body.startsWith(kind)) {
                return kind;
            }
        }
        return null;
    }

    /** The push's other refused refs, its closing error and git's hints. */
    private static Continuation.Fit restOfPush(String body, Draft draft) {
        if (kindOf(body) != null || body.startsWith("hint:")) {
            return Continuation.Fit.PART;
        }
        if (body.startsWith("error: failed to push some refs")) {
            return Continuation.Fit.PART;
        }
        return Continuation.Fit.NOT;
    }
}
