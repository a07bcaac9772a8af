package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.at;
import static dev.tapedeck.store.TestSupport.count;
import static dev.tapedeck.store.TestSupport.createSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeBlocksTest {
    private static final String SCRIPT = "#!/bin/sh\n\necho hi";
    // printf '#!/bin/sh\n\necho hi' | sha256sum
    private static final String SCRIPT_SHA256 = "8b2cd8e8c462d0ccc815be811fa243d9a82146cb8419c7b9c44993182315a01a";

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = TestSupport.open(dir);
        createSession(db, "s-1", "claude", at(0));
        createSession(db, "s-2", "codex", at(1));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aGivenDigestMustBe64LowercaseHexDigits() {
        for (String bad : new String[] {null, "", SCRIPT_SHA256.toUpperCase(), SCRIPT_SHA256.substring(1),
                SCRIPT_SHA256 + "0", SCRIPT_SHA256.replace('a', 'g'), SCRIPT_SHA256.replace('0', ' ')}) {
            assertThatThrownBy(() -> block(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("64 lowercase hex digits");
        }
        assertThat(block(SCRIPT_SHA256).digest()).isEqualTo(SCRIPT_SHA256);
    }

    private static CodeBlock block(String digest) {
        return new CodeBlock("claude", "s-1", at(0), "sh", SCRIPT, 2, 4, null, null, true, digest);
    }

    @Test
    void digestIsTheLowercaseHexSha256OfTheContent() {
        assertThat(CodeBlock.digestOf("")).isEqualTo(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(CodeBlock.digestOf("abc")).isEqualTo(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(CodeBlock.digestOf(SCRIPT)).isEqualTo(SCRIPT_SHA256);
    }

    @Test
    void theSameBlockTwiceInOneSessionAndOnceInAnotherIsOneRowWithThreeOccurrences() {
        db.writes().append(block("claude", "s-1", 10, "sh", SCRIPT));
        db.writes().append(block("claude", "s-1", 40, "sh", SCRIPT));
        db.writes().append(block("codex", "s-2", 5, "bash", SCRIPT));
        db.flush();

        Path file = dir.resolve("tapedeck.db");
        assertThat(count(file, "SELECT count(*) FROM code_blocks")).isEqualTo(1);
        assertThat(count(file, "SELECT count(*) FROM code_block_occurrences")).isEqualTo(3);

        StoredCodeBlock stored = db.codeBlocks().findByDigest(CodeBlock.digestOf(SCRIPT)).orElseThrow();
        assertThat(stored.content()).isEqualTo(SCRIPT);
        assertThat(stored.language()).isEqualTo("sh");
        assertThat(stored.sessionId()).isEqualTo("s-1");
        assertThat(stored.lineStart()).isEqualTo(10);
        assertThat(stored.lineEnd()).isEqualTo(12);
        assertThat(stored.occurrences()).extracting(CodeBlockOccurrence::sessionId, CodeBlockOccurrence::lineStart)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s-1", 10L),
                        org.assertj.core.groups.Tuple.tuple("s-1", 40L),
                        org.assertj.core.groups.Tuple.tuple("s-2", 5L));
    }

    @Test
    void aBlockFirstSeenInOneSessionIsListedForEverySessionThatPrintedIt() {
        db.writes().append(block("claude", "s-1", 10, "sh", SCRIPT));
        db.writes().append(block("claude", "s-1", 20, "python", "print(1)"));
        db.writes().append(block("codex", "s-2", 5, "sh", SCRIPT));
        db.flush();

        assertThat(contents(CodeBlockFilter.ALL.session("s-2"))).containsExactly(SCRIPT);
        assertThat(contents(CodeBlockFilter.ALL.agent("codex"))).containsExactly(SCRIPT);
        assertThat(contents(CodeBlockFilter.ALL.session("s-1"))).containsExactly("print(1)", SCRIPT);
        assertThat(contents(CodeBlockFilter.ALL.language("python"))).containsExactly("print(1)");
        assertThat(contents(CodeBlockFilter.ALL.language("python").session("s-2"))).isEmpty();
        assertThat(contents(CodeBlockFilter.ALL)).containsExactly("print(1)", SCRIPT);
    }

    @Test
    void pagingVisitsEveryBlockOnce() {
        for (int i = 0; i < 25; i++) {
            db.writes().append(block("claude", "s-1", 1 + i * 3, "txt", "block " + i));
        }
        db.flush();
        Page<StoredCodeBlock> first = db.codeBlocks().list(CodeBlockFilter.ALL, PageRequest.first(10));
        Page<StoredCodeBlock> second = db.codeBlocks().list(CodeBlockFilter.ALL,
                new PageRequest(10, first.nextCursor().orElseThrow()));
        Page<StoredCodeBlock> third = db.codeBlocks().list(CodeBlockFilter.ALL,
                new PageRequest(10, second.nextCursor().orElseThrow()));
        assertThat(third.nextCursor()).isEmpty();
        assertThat(first.items()).extracting(StoredCodeBlock::content).startsWith("block 24");
        assertThat(third.items()).extracting(StoredCodeBlock::content).endsWith("block 0");
        assertThat(first.items().size() + second.items().size() + third.items().size()).isEqualTo(25);
    }

    @Test
    void anUnterminatedBlockKeepsThatMarkOnItsOccurrence() {
        db.writes().append(new CodeBlock("claude", "s-1", at(3), null, "half", 7, 7, "{\"k\":1}", false, false));
        db.flush();
        StoredCodeBlock stored = db.codeBlocks().findByDigest(CodeBlock.digestOf("half")).orElseThrow();
        assertThat(stored.language()).isNull();
        assertThat(stored.parseable()).isFalse();
        assertThat(stored.contextJson()).isEqualTo("{\"k\":1}");
        assertThat(stored.occurrences()).extracting(CodeBlockOccurrence::terminated).containsExactly(false);
    }

    private List<String> contents(CodeBlockFilter filter) {
        return db.codeBlocks().list(filter, PageRequest.first(100)).items().stream()
                .map(StoredCodeBlock::content).toList();
    }

    private static CodeBlock block(String agent, String session, long lineStart, String language, String content) {
        long lines = content.lines().count();
        return new CodeBlock(agent, session, at(lineStart), language, content, lineStart, lineStart + lines - 1,
                null, null, true);
    }
}
