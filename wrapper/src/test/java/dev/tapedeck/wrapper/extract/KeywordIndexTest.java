package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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
            assertThat(scan(index, line)).as(line).isEqualTo(expected(keywords, index, line));
        }
    }

    @Test
    void agreesWithContainsOnRandomText() {
        List<String> keywords = List.of("ab", "bab", "abc", "ca", "a", "bb", "cab");
        KeywordIndex index = new KeywordIndex(keywords);
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            StringBuilder line = randomLine(random, "abc", 12);
            assertThat(scan(index, line.toString())).as(line.toString())
                    .isEqualTo(expected(keywords, index, line.toString()));
        }
    }

    private static BitSet scan(KeywordIndex index, String line) {
        KeywordIndex.Scanner scanner = index.scanner();
        scanner.scan(line);
        return BitSet.valueOf(scanner.foundBits());
    }

    private static BitSet expected(List<String> keywords, KeywordIndex index, String line) {
        BitSet expected = new BitSet();
        keywords.stream().filter(line::contains).forEach(k -> expected.set(index.idOf(k)));
        return expected;
    }

    @Test
    void ignoringCaseFoldsAsciiLettersOnly() {
        KeywordIndex index = new KeywordIndex(List.of("Bearer", "sk-", "Über"), true);
        assertThat(scan(index, "AUTHORIZATION: BEARER x")).isEqualTo(BitSet.valueOf(new long[] {1L << index.idOf("Bearer")}));
        assertThat(scan(index, "SK-abc")).isEqualTo(BitSet.valueOf(new long[] {1L << index.idOf("sk-")}));
        assertThat(scan(index, "übER").isEmpty()).as("non-ASCII letters keep their case").isTrue();
        assertThat(scan(index, "ÜBER")).isEqualTo(BitSet.valueOf(new long[] {1L << index.idOf("Über")}));
        assertThat(scan(new KeywordIndex(List.of("Bearer")), "BEARER").isEmpty()).as("case-sensitive by default").isTrue();
    }

    @Test
    void exactAndAnyCaseKeywordsShareOneScan() {
        KeywordIndex.Builder builder = KeywordIndex.builder();
        List<String> exact = List.of("Error", "error", "FAIL", "ab", "⏺", "x:1", "bE");
        List<String> anyCase = List.of("bearer", "AB", "sk-", "Über", "-----BEGIN", "e");
        int[] exactIds = builder.exact(exact);
        int[] anyCaseIds = builder.anyCase(anyCase);
        assertThat(builder.exact("ab")).as("the same keyword keeps its id").isEqualTo(exactIds[3]);
        assertThat(anyCaseIds[1]).as("exact and any-case keywords are numbered apart").isNotEqualTo(exactIds[3]);
        KeywordIndex index = builder.build();
        KeywordIndex.Scanner scanner = index.scanner();
        Random random = new Random(11);
        String alphabet = "aAbBeErRoOlLsSkK-:1x⏺üÜ FI";
        for (int i = 0; i < 5000; i++) {
            StringBuilder line = randomLine(random, alphabet, 16);
            if (random.nextInt(4) == 0) {
                String keyword = random.nextBoolean() ? exact.get(random.nextInt(exact.size()))
                        : anyCase.get(random.nextInt(anyCase.size()));
                line.insert(random.nextInt(line.length() + 1), random.nextBoolean() ? keyword : keyword.toUpperCase());
            }
            String text = line.toString();
            BitSet expected = new BitSet();
            for (int k = 0; k < exact.size(); k++) {
                expected.set(exactIds[k], text.contains(exact.get(k)));
            }
            for (int k = 0; k < anyCase.size(); k++) {
                expected.set(anyCaseIds[k], asciiLower(text).contains(asciiLower(anyCase.get(k))));
            }
            assertThat(scanner.scan(text)).as(text).isEqualTo(!expected.isEmpty());
            assertThat(BitSet.valueOf(scanner.foundBits())).as(text).isEqualTo(expected);
            assertThat(scanner.scanned(text)).isTrue();
        }
        assertThat(scanner.of(builder)).isTrue();
        assertThat(scanner.of(KeywordIndex.builder())).isFalse();
        assertThat(scanner.scanned(new String("x:1"))).as("the very string, not an equal one").isFalse();
    }

    @Test
    void scanningAsciiBytesFindsWhatScanningTheTextDoes() {
        KeywordIndex.Builder builder = KeywordIndex.builder();
        builder.exact(List.of("Error", "error", "FAIL", "ab", "⏺", "x:1"));
        builder.anyCase(List.of("bearer", "AB", "sk-", "-----BEGIN"));
        KeywordIndex.Scanner scanner = builder.build().scanner();
        Random random = new Random(5);
        String alphabet = "aAbBeErRoOlLsSkKfFiI-:1x \t";
        for (int i = 0; i < 5000; i++) {
            StringBuilder line = randomLine(random, alphabet, 24);
            String text = line.toString();
            boolean any = scanner.scan(text);
            BitSet expected = BitSet.valueOf(scanner.foundBits());
            byte[] bytes = (text + "\n and more").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(scanner.scanAscii(text, bytes)).as(text).isEqualTo(any);
            assertThat(BitSet.valueOf(scanner.foundBits())).as(text).isEqualTo(expected);
            assertThat(scanner.scanned(text)).isTrue();
        }
    }

    @Test
    void foundAnyOfIdsAsBitsAgreesWithFoundAnyOfTheIds() {
        KeywordIndex index = numbered(140);
        KeywordIndex.Scanner scanner = index.scanner();
        int[][] idSets = {{index.idOf("k3;")}, {index.idOf("k70;"), index.idOf("k139;")}, {index.idOf("k64;")}, {}};
        String[] lines = {"k3; here", "and k139;", "k64;", "k65; and k1;", ""};
        for (String line : lines) {
            scanner.scan(line);
            for (int[] ids : idSets) {
                assertThat(scanner.foundAny(KeywordIndex.bits(ids))).as(line + " " + Arrays.toString(ids))
                        .isEqualTo(scanner.foundAny(ids));
            }
        }
        scanner.scan("and k139;");
        assertThat(scanner.foundAny(KeywordIndex.bits(idSets[1]))).isTrue();
        assertThat(scanner.foundAny(KeywordIndex.bits(idSets[0]))).isFalse();
        assertThat(KeywordIndex.bits(new int[] {index.idOf("k139;")})).hasSize(3);
    }

    /** An index of the keywords "k0;" to "k{count - 1};": more than 64, so their ids span words. */
    private static KeywordIndex numbered(int count) {
        List<String> keywords = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            keywords.add("k" + i + ";");
        }
        return new KeywordIndex(keywords);
    }

    /** Up to maxLength - 1 characters drawn from alphabet. */
    private static StringBuilder randomLine(Random random, String alphabet, int maxLength) {
        StringBuilder line = new StringBuilder();
        for (int j = random.nextInt(maxLength); j > 0; j--) {
            line.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return line;
    }

    private static String asciiLower(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        text.chars().forEach(c -> lower.append((char) (c < 128 ? Character.toLowerCase(c) : c)));
        return lower.toString();
    }

    @Test
    void aScannerForgetsTheLastLineAndGrowsForLongOnes() {
        KeywordIndex index = numbered(130);
        KeywordIndex.Scanner scanner = index.scanner();
        assertThat(scanner.scan("x k129; y k0;")).isTrue();
        assertThat(scanner.found(index.idOf("k129;"))).isTrue();
        assertThat(scanner.found(index.idOf("k0;"))).isTrue();
        String longLine = "-".repeat(100_000) + "k64;";
        assertThat(scanner.scan(longLine)).isTrue();
        assertThat(scanner.found(index.idOf("k64;"))).isTrue();
        assertThat(scanner.found(index.idOf("k129;"))).as("from the previous line").isFalse();
        assertThat(scanner.scan("nothing here")).isFalse();
        assertThat(scanner.found(index.idOf("k64;"))).isFalse();
    }
}
