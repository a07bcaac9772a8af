package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.StateChange;
import dev.tapedeck.store.Write;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypedInputTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private final List<Write> written = new ArrayList<>();
    private final MovableClock clock = new MovableClock();
    private final TypedInput typed = new TypedInput(RunOptions.of("a", "s1", List.of("true")), written::add, clock);

    @Test
    void keysTypedOneByOneAreRecordedAsOneLineAtItsFirstKeysTime() {
        for (char key : "ls -la\r".toCharArray()) {
            typed.take(new byte[] {(byte) key});
            clock.now = clock.now.plusMillis(50);
        }
        assertThat(texts()).containsExactly("{\"text\":\"ls -la\\r\"}");
        assertThat(((StateChange) written.get(0)).timestamp()).isEqualTo(T0);
        assertThat(((StateChange) written.get(0)).state()).isEqualTo("input");
    }

    @Test
    void aSecretTypedAKeyAtATimeIsRedactedAsAWholeLine() {
        String secret = "sk-ant-api03-" + "a".repeat(80) + "AA";
        for (char key : ("export K=" + secret + "\r").toCharArray()) {
            typed.take(new byte[] {(byte) key});
        }
        assertThat(texts()).hasSize(1);
        assertThat(texts().get(0)).doesNotContain(secret).contains("[REDACTED");
    }

    @Test
    void aLineEndsAfterASecondWithoutEnterAndAtTheEndOfTheRun() {
        typed.take("vi".getBytes(StandardCharsets.UTF_8));
        clock.now = clock.now.plus(TypedInput.MAX_WAIT);
        typed.take("m".getBytes(StandardCharsets.UTF_8));
        assertThat(texts()).containsExactly("{\"text\":\"vi\"}");
        typed.finish();
        assertThat(texts()).containsExactly("{\"text\":\"vi\"}", "{\"text\":\"m\"}");
        assertThat(((StateChange) written.get(1)).timestamp()).isEqualTo(T0.plus(TypedInput.MAX_WAIT));
        typed.finish();
        assertThat(written).as("nothing more to record").hasSize(2);
    }

    @Test
    void aLongLineIsRecordedInPiecesOfTheBound() {
        typed.take("x".repeat(TypedInput.MAX_BYTES + 10).getBytes(StandardCharsets.UTF_8));
        typed.finish();
        assertThat(texts()).containsExactly("{\"text\":\"" + "x".repeat(TypedInput.MAX_BYTES) + "\"}",
                "{\"text\":\"" + "x".repeat(10) + "\"}");
    }

    private List<String> texts() {
        return written.stream().map(w -> ((StateChange) w).metadataJson()).toList();
    }

    private static final class MovableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
