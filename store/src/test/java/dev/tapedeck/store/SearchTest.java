package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.at;
import static dev.tapedeck.store.TestSupport.createSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {
    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = TestSupport.open(dir);
        createSession(db, "s-1", "claude", at(0));
        createSession(db, "s-2", "codex", at(0));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void findsLinesHoldingEveryWordOnlyOnceIndexed() {
        db.writes().append(TestSupport.line("s-1", 1, "Compiling tapedeck v0.1"));
        db.writes().append(TestSupport.line("s-1", 2, "error[E0308]: mismatched types"));
        db.writes().append(TestSupport.line("s-1", 3, "types are fine here"));
        db.writes().append(TestSupport.line("s-2", 1, "error: mismatched quotes"));
        db.flush();
        SearchQuery query = SearchQuery.parse("mismatched TYPES");
        assertThat(db.search().search(query, SearchFilter.ALL, 10).hits()).isEmpty();
        assertThat(db.search().pending()[0]).isEqualTo(2);

        try (SearchIndexer indexer = db.openSearchIndexer()) {
            assertThat(indexer.indexSome(100, 100)).isPositive();
            assertThat(indexer.indexSome(100, 100)).isZero();
        }
        List<SearchHit> hits = db.search().search(query, SearchFilter.ALL, 10).hits();
        assertThat(hits).extracting(SearchHit::sessionId, SearchHit::lineNumber, SearchHit::agentName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s-1", 2L, "claude"));
        assertThat(hits.get(0).highlights()).extracting(java.util.Arrays::toString).containsExactly("[14, 24]", "[25, 30]");
        assertThat(db.search().search(SearchQuery.parse("mismatch*"), SearchFilter.ALL.agent("codex"), 10).hits())
                .extracting(SearchHit::text).containsExactly("error: mismatched quotes");
        assertThat(db.search().pending()[0]).isZero();
    }

    @Test
    void findsExtractionValues() {
        db.writes().append(Extraction.of("claude", "s-1", at(5), "shell_command", "shell", "rm -rf /tmp/build"));
        db.flush();
        try (SearchIndexer indexer = db.openSearchIndexer()) {
            indexer.indexSome(100, 100);
        }
        assertThat(db.search().search(SearchQuery.parse("rm build"), SearchFilter.ALL.session("s-1"), 10).hits())
                .extracting(SearchHit::kind, SearchHit::eventType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("extraction", "shell_command"));
    }

    @Test
    void sinceAndUntilKeepTheLinesAndEventsOfTheirOwnTimeInOneChunk() {
        // One chunk of lines 1 to 4 at 1 s apart: the chunk spans the window, only some lines fall in it.
        for (int n = 1; n <= 4; n++) {
            db.writes().append(OutputLine.of("s-1", n, Stream.STDOUT, at(n), "build step " + n));
        }
        db.writes().append(Extraction.of("claude", "s-1", at(2), "error", "generic", "build broke"));
        db.writes().append(Extraction.of("claude", "s-1", at(9), "error", "generic", "build broke again"));
        db.flush();
        try (SearchIndexer indexer = db.openSearchIndexer()) {
            indexer.indexSome(100, 100);
        }
        SearchQuery query = SearchQuery.parse("build");
        assertThat(db.search().search(query, SearchFilter.ALL.between(at(2), at(4)), 10).hits())
                .extracting(SearchHit::kind, SearchHit::text).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("line", "build step 3"),
                        org.assertj.core.groups.Tuple.tuple("line", "build step 2"),
                        org.assertj.core.groups.Tuple.tuple("extraction", "build broke"));
        assertThat(db.search().search(query, SearchFilter.ALL.between(at(5), null), 10).hits())
                .extracting(SearchHit::text).containsExactly("build broke again");
        assertThat(db.search().search(query, SearchFilter.ALL.between(null, at(2)), 10).hits())
                .extracting(SearchHit::text).containsExactly("build step 1");
        assertThatThrownBy(() -> SearchFilter.ALL.between(at(3), at(2)))
                .hasMessageContaining("until must not be before since");
    }

    @Test
    void holdsAllAgreesWithMatchOnEveryLine() {
        List<String> lines = List.of("error[E0308]: mismatched types", "MISMATCHED Types", "mismatchedtypes",
                "types mismatched", "Mismatch TYPE", "ÉCOLE mismatched types", "straße mismatched types 42",
                "İstanbul mismatched typesetting", "", "mismatched", "types", "x mismatched\ty types z");
        for (String q : List.of("mismatched types", "mismatch* type*", "école", "STRASSE", "straße types",
                "istanbul", "i̇stanbul", "42 types", "types*")) {
            SearchQuery query = SearchQuery.parse(q);
            for (String line : lines) {
                String padded = "a\n" + line + "\nb";
                assertThat(query.holdsAll(padded, 2, 2 + line.length())).as(q + " in " + line)
                        .isEqualTo(!query.match(line).isEmpty());
                assertThat(query.anyLineHoldsAll("x\n" + line + "\n\u212a")).as(q + " in lines with " + line)
                        .isEqualTo(!query.match(line).isEmpty());
            }
        }
    }

    @Test
    void aChunkWhoseLinesShareTheWordsOnlyAcrossLinesHasNoHit() {
        db.writes().append(TestSupport.line("s-1", 1, "npm WARN deprecated left-pad"));
        db.writes().append(TestSupport.line("s-1", 2, "connection refused"));
        db.writes().append(TestSupport.line("s-1", 3, "refused, and deprecated too"));
        db.flush();
        try (SearchIndexer indexer = db.openSearchIndexer()) {
            indexer.indexSome(100, 100);
        }
        assertThat(db.search().search(SearchQuery.parse("deprecated refused"), SearchFilter.ALL, 10).hits())
                .extracting(SearchHit::lineNumber).containsExactly(3L);
    }

    @Test
    void aSearchStopsAtItsBoundOnLinesReadAndSaysSo() {
        // The one line holding both words is the oldest; 400,000 lines after it hold one each.
        db.writes().append(TestSupport.line("s-1", 1, "alpha beta"));
        for (int n = 2; n <= 400_001; n++) {
            assertThat(db.writes().append(TestSupport.line("s-1", n, n % 2 == 0 ? "alpha " + n : "beta " + n),
                    java.time.Duration.ofMinutes(1))).isTrue();
        }
        db.flush();
        try (SearchIndexer indexer = db.openSearchIndexer()) {
            while (indexer.indexSome(1000, 1000) > 0) {
                // until everything is indexed
            }
        }
        SearchResult both = db.search().search(SearchQuery.parse("alpha beta"), SearchFilter.ALL, 10);
        assertThat(both.hits()).isEmpty();
        assertThat(both.cutShort()).isTrue();
        SearchResult one = db.search().search(SearchQuery.parse("alpha"), SearchFilter.ALL, 10);
        assertThat(one.hits()).hasSize(10);
        assertThat(one.cutShort()).isFalse();
        SearchResult none = db.search().search(SearchQuery.parse("gamma"), SearchFilter.ALL, 10);
        assertThat(none.cutShort()).isFalse();
    }

    @Test
    void queriesAreWordsNeverFtsSyntax() {
        assertThat(SearchQuery.parse("a OR b NEAR(c)\" *").ftsQuery()).isEqualTo("\"a\" \"or\" \"b\" \"near\" \"c\"");
        assertThatThrownBy(() -> SearchQuery.parse("  --  ")).hasMessageContaining("q must hold at least one word");
    }
}
