package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The budget of a match is the thread's CPU time: a match the scheduler interrupts keeps its line's
 * events (on a loaded machine, 2 or 3 of 3,000 long lines lost theirs to a wall-clock budget), and
 * the wall clock still ends any match at five times the budget. Clocks advance a set amount at each
 * look (every 4,096 characters read).
 */
class TimedTextTest {
    private static final long MS = 1_000_000;
    private static final long BUDGET = 20 * MS;

    @Test
    void aMatchTheSchedulerHoldsUpIsNotCutShortWhileItsCpuTimeIsWithinTheBudget() {
        // 10 ms of wall time and 0.1 ms of CPU time between looks: 8 looks are 70 ms of wall time.
        assertThat(looksBeforeOverrun(10 * MS, MS / 10, 8)).isEqualTo(-1);
    }

    @Test
    void aMatchThatUsesItsCpuTimeIsCutAtTheBudget() {
        // 5 ms of both between looks: the first look starts the clocks, the fifth is 20 ms on.
        assertThat(looksBeforeOverrun(5 * MS, 5 * MS, 100)).isEqualTo(6);
    }

    @Test
    void anyMatchEndsAtFiveTimesTheBudgetOfWallTime() {
        // No CPU time at all (a thread that never runs): ended once 100 ms of wall time have passed.
        assertThat(looksBeforeOverrun(10 * MS, 0, 100)).isEqualTo(12);
    }

    @Test
    void withoutAThreadCpuClockTheBudgetIsWallTime() {
        assertThat(looksBeforeOverrun(5 * MS, -1, 100)).isEqualTo(6);
    }

    /** The look (1-based) at which the match was ended, or -1 if it read looks × 4,096 characters. */
    private static int looksBeforeOverrun(long wallStep, long cpuStep, int looks) {
        int[] now = {0};
        TimedText text = new TimedText(() -> now[0] * wallStep, () -> cpuStep < 0 ? -1 : now[0] * cpuStep);
        text.reset("x".repeat(4096), BUDGET);
        for (int look = 1; look <= looks; look++) {
            now[0] = look;
            try {
                for (int i = 0; i < 4096; i++) {
                    text.charAt(i);
                }
            } catch (TimedText.Overrun e) {
                return look;
            }
        }
        return -1;
    }
}
