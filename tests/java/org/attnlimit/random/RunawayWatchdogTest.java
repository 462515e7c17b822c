package org.attnlimit.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;

/**
 * The watchdog names a test that timed out and that a thread still executes after the grace period, and no other:
 * not before the grace period ends, not a test that failed otherwise, not one whose thread has stopped.
 */
class RunawayWatchdogTest {
    private static final long GRACE = TimeUnit.SECONDS.toNanos(60);   // the default

    private static TestIdentifier test(String method) {
        return TestIdentifier.from(new AbstractTestDescriptor(UniqueId.root("test", method), method,
                MethodSource.from("org.example.Spin", method)) {
            @Override
            public Type getType() {
                return Type.TEST;
            }
        });
    }

    private static StackTraceElement[] running(String method) {
        return new StackTraceElement[] {new StackTraceElement("org.example.Spin", method, "Spin.java", 7),
            new StackTraceElement("java.lang.Thread", "run", "Thread.java", 833)};
    }

    @Test
    void aTimedOutTestStillRunningAfterTheGraceIsARunawayAndNothingElseIs() {
        AtomicLong now = new AtomicLong(0);
        RunawayWatchdog w = new RunawayWatchdog(now::get);
        w.executionFinished(test("spins"), TestExecutionResult.failed(new TimeoutException("spins() timed out")));
        w.executionFinished(test("wrong"), TestExecutionResult.failed(new AssertionError("1 != 2")));
        w.executionFinished(test("stops"), TestExecutionResult.failed(new TimeoutException("stops() timed out")));
        List<StackTraceElement[]> threads = List.of(running("spins"), running("wrong"));
        now.set(GRACE);   // exactly at the end of the grace period: not yet
        assertThat(w.runaway(threads)).isEmpty();
        now.set(GRACE + 1);
        assertThat(w.runaway(threads)).hasValueSatisfying(t -> assertThat(t.methodName()).isEqualTo("spins"));
        // "wrong" did not time out, and "stops" no longer runs: neither is a runaway
        assertThat(w.runaway(List.of(running("wrong"), running("other")))).isEmpty();
    }

    @Test
    void readsJUnitDurations() {
        assertThat(RunawayWatchdog.nanos("10 m")).contains(TimeUnit.MINUTES.toNanos(10));
        assertThat(RunawayWatchdog.nanos("90")).contains(TimeUnit.SECONDS.toNanos(90));
        assertThat(RunawayWatchdog.nanos("500 ms")).contains(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(RunawayWatchdog.nanos("ten minutes")).isEmpty();
    }
}
