package dev.tapedeck.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LockWaitTest {
    @Test
    void triesAgainEveryMillisecondUntilTheTimeoutThenGivesUpAndStartsOverOnTheNextWait() {
        LockWait wait = new LockWait(50);
        long start = System.nanoTime();
        int tries = 0;
        while (wait.callback(tries) == 1) {
            tries++;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isBetween(50L, 1_000L);
        // Short sleeps: many tries in the time SQLite's own handler makes a handful.
        assertThat(tries).isGreaterThan(10);
        assertThat(wait.callback(0)).as("a new wait").isEqualTo(1);
    }
}
