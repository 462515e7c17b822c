package org.attnlimit.random;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The suite's backstop against a runaway computation that ignores interrupts. JUnit's {@code SEPARATE_THREAD}
 * timeout fails such a test at its limit but cannot stop its loop, which then spins on beside the later tests
 * until the forked JVM ends (Surefire 3.5.2's {@code forkedProcessTimeoutInSeconds} was seen not to kill a
 * spinning fork: a throw-away project with a 15 s limit still ran after 30 minutes). This listener, registered
 * for every launcher through {@code META-INF/services}, remembers each test that failed by timing out; when a
 * thread is still executing that test's method a grace period later ({@code attnlimit.runaway.grace}, default
 * 60 s — a sampling run stops within a chunk of an interrupt), it names the test on stderr and halts the test
 * JVM. Surefire then reports the crashed fork and the build fails: the computation really stops. Written by hand
 * because neither JUnit nor Surefire offers it.
 */
public final class RunawayWatchdog implements TestExecutionListener {
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h)?\\s*");
    /** A test that timed out: its class and method, and when a thread still running it counts as a runaway. */
    record TimedOut(String className, String methodName, long deadline) {
    }

    private final List<TimedOut> timedOut = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;
    private volatile long grace = TimeUnit.SECONDS.toNanos(60);
    private volatile Thread watcher;

    /** The listener the launcher loads. */
    public RunawayWatchdog() {
        this(System::nanoTime);
    }

    RunawayWatchdog(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        plan.getConfigurationParameters().get("attnlimit.runaway.grace").flatMap(RunawayWatchdog::nanos)
                .ifPresent(g -> grace = g);
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                // the threads' stacks (a safepoint) are read only while a timed-out test is being watched
                Optional<TimedOut> late = timedOut.isEmpty() ? Optional.empty()
                        : runaway(Thread.getAllStackTraces().values());
                if (late.isPresent()) {
                    // to the process's own stderr: the runner captures System.err per test
                    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                            StandardCharsets.UTF_8);
                    err.println("runaway test: " + late.get().className() + "." + late.get().methodName()
                            + " timed out and is still running " + TimeUnit.NANOSECONDS.toSeconds(grace)
                            + " s later (its loop ignores interrupts); halting the test JVM (exit code 97)");
                    Runtime.getRuntime().halt(97);
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "runaway-watchdog");
        t.setDaemon(true);
        t.start();
        watcher = t;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        boolean timeout = result.getThrowable().filter(e -> e instanceof TimeoutException).isPresent();
        if (timeout && id.getSource().orElse(null) instanceof MethodSource m) {
            timedOut.add(new TimedOut(m.getClassName(), m.getMethodName(), clock.getAsLong() + grace));
        }
    }

    /**
     * @param stacks the stacks of the live threads
     * @return a timed-out test past its grace period that a thread is still executing, if any (tests past their
     *     grace that no thread runs any more are forgotten)
     */
    Optional<TimedOut> runaway(Collection<StackTraceElement[]> stacks) {
        long now = clock.getAsLong();
        for (TimedOut t : timedOut) {
            if (now - t.deadline() <= 0) {
                continue;
            }
            boolean running = stacks.stream().flatMap(Arrays::stream).anyMatch(
                    f -> f.getClassName().equals(t.className()) && f.getMethodName().equals(t.methodName()));
            if (running) {
                return Optional.of(t);
            }
            timedOut.remove(t);
        }
        return Optional.empty();
    }

    /** @return a JUnit duration ({@code "10 m"}, {@code "90 s"}, {@code "500 ms"}; no unit: seconds) in ns */
    static Optional<Long> nanos(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long v = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        TimeUnit u = switch (unit) {
            case "ms" -> TimeUnit.MILLISECONDS;
            case "m" -> TimeUnit.MINUTES;
            case "h" -> TimeUnit.HOURS;
            default -> TimeUnit.SECONDS;
        };
        return Optional.of(u.toNanos(v));
    }
}
