package dev.tapedeck.wrapper.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports of the sanitizers and Go's race detector, each ONE {@code exception}:
 * {@code ==12345==ERROR: AddressSanitizer: heap-buffer-overflow on address ...} (and
 * LeakSanitizer's {@code detected memory leaks}) through its {@code SUMMARY:} line, the shadow
 * bytes and {@code ==12345==ABORTING}; ThreadSanitizer's {@code WARNING: ThreadSanitizer: data race}
 * and Go's {@code WARNING: DATA RACE} up to the {@code ==================} rule that closes them.
 * The metadata holds the sanitizer, the kind of problem as {@code type}
 * ({@code heap-buffer-overflow}, {@code data race}) and the file and line of the place it names in
 * its summary or, without one, of its first frame outside the runtime. UBSan's
 * {@code file.c:5:7: runtime error: signed integer overflow: ...} is an {@code exception} too,
 * with its file, line and column; the {@code note:} and memory dump after it are its continuation.
 */
final class SanitizerReport implements Recognizer {
    static final String NAME = "sanitizer";
    private static final List<String> KEYWORDS = List.of("==ERROR: ", "WARNING: DATA RACE", "WARNING: ThreadSanitizer: ",
            ": runtime error: ");

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
        if (body.startsWith("==")) {
            int error = body.indexOf("==ERROR: ", 2);
            if (error < 3 || !digits(body, 2, error)) {
                return null;
            }
            return report(body.substring(error + 9));
        }
        if (body.startsWith("WARNING: ThreadSanitizer: ")) {
            return report(body.substring(9));
        }
        if (body.strip().equals("WARNING: DATA RACE")) {
            return start("go race detector", "data race", "DATA RACE");
        }
        SourceLocation at = SourceLocation.at(body, 0);
        if (at == null || !body.startsWith("runtime error: ", at.end())) {
            return null;
        }
        String message = body.substring(at.end() + 15).strip();
        Found found = GnuDiagnostic.event("exception", message, at, null);
        Map<String, Object> metadata = new LinkedHashMap<>(found.metadata());
        metadata.remove("code");
        metadata.put("sanitizer", "UndefinedBehaviorSanitizer");
        int colon = message.indexOf(':');
        if (colon > 0) {
            metadata.put("type", message.substring(0, colon));
        }
        return new Recognized(Found.of("exception", NAME, message, metadata), new Report(true));
    }

    /** {@code AddressSanitizer: heap-buffer-overflow on address ...}: the sanitizer, then its message. */
    private static Recognized report(String text) {
        int colon = text.indexOf(": ");
        if (colon < 1 || !text.substring(0, colon).endsWith("Sanitizer")) {
            return null;
        }
        String message = text.substring(colon + 2).strip();
        String kind = message.startsWith("detected memory leaks") ? "memory leak" : firstWords(message);
        return start(text.substring(0, colon), kind, message);
    }

    private static Recognized start(String sanitizer, String kind, String message) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("sanitizer", sanitizer);
        metadata.put("type", kind);
        return new Recognized(Found.of("exception", NAME, message, metadata), new Report(false));
    }

    /** The problem's name: up to {@code on}, {@code (} or the end ({@code data race (pid=1)} gives {@code data race}). */
    private static String firstWords(String message) {
        int end = message.length();
        for (String stop : new String[] {" on ", " (", " at ", ": "}) {
            int at = message.indexOf(stop);
            if (at > 0 && at < end) {
                end = at;
            }
        }
        return message.substring(0, end);
    }

    static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return to > from;
    }

    /**
     * The rest of a report: everything up to its end ({@link SanitizerLines#isEnd}); after its
     * summary only the shadow bytes. A report cut short (an agent showing only its first lines)
     * ends at two blank lines or at a line that is plainly not a report's
     * ({@link SourceExcerpt#isForeign}). UBSan's runtime error takes only its notes and memory dump.
     */
    private static final class Report implements Continuation {
        private final boolean ubsan;
        private boolean summarized;
        private int blanks;

        Report(boolean ubsan) {
            this.ubsan = ubsan;
        }

        @Override
        public Fit next(String body, Draft draft) {
            if (ubsan) {
                if (body.startsWith("SUMMARY: ")) {
                    return Fit.LAST;
                }
                return body.contains(": note: ") || SourceExcerpt.isCaret(body)
                        || !body.isBlank() && SanitizerLines.isHexBytes(body) ? Fit.PART : Fit.NOT;
            }
            if (SanitizerLines.isEnd(body)) {
                return Fit.LAST;
            }
            blanks = body.isBlank() ? blanks + 1 : 0;
            if (blanks > 1 || SourceExcerpt.isForeign(body)) {
                return Fit.NOT;
            }
            if (body.startsWith("SUMMARY: ")) {
                summarized = true;
                placeFromSummary(body, draft);
                return Fit.PART;
            }
            if (summarized) {
                return SanitizerLines.isShadow(body) ? Fit.PART : Fit.NOT;
            }
            if (!draft.metadata().containsKey("file")) {
                putPlace(SanitizerLines.userFrame(body), draft);
            }
            return Fit.PART;
        }

        /** {@code SUMMARY: AddressSanitizer: heap-buffer-overflow /src/heap.c:4 in main}: its place wins. */
        private static void placeFromSummary(String body, Draft draft) {
            int in = body.lastIndexOf(" in ");
            int space = in < 0 ? -1 : body.lastIndexOf(' ', in - 1);
            if (space > 0) {
                String place = body.substring(space + 1, in);
                if (place.indexOf(':') > 0 && !place.contains("sanitizer")) {
                    draft.metadata().remove("file");
                    draft.metadata().remove("line");
                    putPlace(place, draft);
                }
            }
        }

        /** {@code /src/heap.c:4} or {@code /src/heap.c:4:10} into file and line. */
        private static void putPlace(String place, Draft draft) {
            if (place == null) {
                return;
            }
            int colon = place.indexOf(':', 1);
            int end = colon + 1;
            while (end < place.length() && Character.isDigit(place.charAt(end))) {
                end++;
            }
            if (colon > 0 && end > colon + 1 && end - colon < 10) {
                draft.metadata().put("file", place.substring(0, colon));
                draft.metadata().put("line", Long.parseLong(place, colon + 1, end, 10));
            }
        }
    }
}
