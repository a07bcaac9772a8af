package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeywordIndexTest {
    @Test
    void findsExactlyTheKeywordsThatOccurIncludingOverlapsAndSuffixes() {
        List<String> keywords = List.of("he", "she", "his", "hers", "Error:", "rror", "[ERROR] ", "⏺", "…");
        KeywordIndex index = new KeywordIndex(keywords);
        String[] lines = {"ushers", "no match here", "[ERROR] Error: x", "⏺ Bash(ls)…", "", "rro", "hishe"};
        for (String line : lines) {
            assertThat(index.scan(line)).as(line).isEqualTo(expected(keywords, index, line));
        }
    }

    @Test
    void agreesWithContainsOnRandomText() {
        List<String> keywords = List.of("ab", "bab", "abc", "ca", "a", "bb", "cab");
        KeywordIndex index = new KeywordIndex(keywords);
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            StringBuilder line = new StringBuilder();
            for (int j = random.nextInt(12); j > 0; j--) {
                line.append("abc".charAt(random.nextInt(3)));
            }
            assertThat(index.scan(line.toString())).as(line.toString())
                    .isEqualTo(expected(keywords, index, line.toString()));
        }
    }

    private static BitSet expected(List<String> keywords, KeywordIndex index, String line) {
        BitSet expected = new BitSet();
        keywords.stream().filter(line::contains).forEach(k -> expected.set(index.idOf(k)));
        return expected;
    }
}
