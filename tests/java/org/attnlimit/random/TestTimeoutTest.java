package org.attnlimit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.TimeoutException;
import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.DenseAttentionSampler;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.finite.Readout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The suite's per-test time limit stops a runaway computation: a test spinning in a tight numerical loop that
 * never looks at its interrupt flag (what a planted bug did to a study: 15 minutes of CPU) fails with a
 * {@link TimeoutException} once the limit passes, under the suite's own configuration
 * ({@code junit-platform.properties}: {@code SEPARATE_THREAD} mode), with only the limit shortened to 1 s here.
 * A runaway sampling run is moreover stopped, not only failed: the samplers treat the interrupt JUnit sends at
 * the limit as a cancellation. A loop that never looks at its interrupt flag (the first fixture) cannot be
 * stopped from inside its own thread: {@link RunawayWatchdog} halts the test JVM when such a test's method is
 * still running a grace period after it timed out (tested in {@link RunawayWatchdogTest}; shown in a throw-away
 * project to end the fork with exit code 97 and fail the build, naming the test).
 */
class TestTimeoutTest {
    private static volatile boolean armed;
    private static volatile boolean release;

    @Test
    void aTightLoopFailsAtTheTimeLimit() {
        armed = true;
        release = false;
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(Runaway.class))
                    .configurationParameter("junit.jupiter.execution.timeout.default", "1 s")
                    .build();
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            long start = System.nanoTime();
            launcher.execute(request, listener);
            double seconds = (System.nanoTime() - start) / 1e9;
            TestExecutionSummary summary = listener.getSummary();
            assertThat(summary.getTestsFailedCount()).isEqualTo(1);
            assertThat(summary.getFailures().get(0).getException()).isInstanceOf(TimeoutException.class);
            // 1 s limit; 30 s leaves room for a loaded machine, and the loop alone would never end
            assertThat(seconds).isLessThan(30);
        } finally {
            release = true;   // let the abandoned loop end, so that it does not burn CPU for the rest of the suite
            armed = false;
        }
    }

    /**
     * A runaway *sampling run* is not merely failed but stopped: JUnit interrupts the test's thread at its limit,
     * and the samplers treat an interrupt of their caller as a cancellation — in the caller's own thread (one
     * thread: {@link Jobs} looks between chunks, the dense sampler between rows of a draw) and in the pool (the
     * workers end with their chunk). Within seconds of the failure the test's thread has returned and no sampler
     * thread is left, instead of computing on until the JVM exits.
     */
    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void aRunawaySamplingRunStopsAtTheTimeLimit(int threads) throws InterruptedException {
        armed = true;
        samplingThreads = threads;
        running = null;
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(RunawaySampling.class))
                    .configurationParameter("junit.jupiter.execution.timeout.default", "1 s")
                    .build();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            long start = System.nanoTime();
            LauncherFactory.create().execute(request, listener);
            TestExecutionSummary summary = listener.getSummary();
            assertThat(summary.getTestsFailedCount()).isEqualTo(1);
            assertThat(summary.getFailures().get(0).getException()).isInstanceOf(TimeoutException.class);
            Thread runaway = running;
            assertThat(runaway).isNotNull();
            runaway.join(20_000);   // one draw or one chunk after the interrupt; 20 s for a loaded machine
            assertThat(runaway.isAlive()).as("the abandoned test thread still samples").isFalse();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (samplerThreads() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(samplerThreads()).as("sampler threads left running").isZero();
            // the whole sampling run would have taken hours
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(60);
        } finally {
            armed = false;
        }
    }

    /**
     * The backstop is in effect: Surefire and Failsafe each kill their forked JVM after
     * {@code forkedProcessTimeoutInSeconds}, which they honour only when tests run in a fork (a {@code forkCount}
     * of 0 would run them inside Maven's own JVM and ignore it). This only checks the configuration: a throw-away
     * project with a 15 s limit and a test spinning for ever was NOT stopped by Surefire 3.5.2 (its forked JVM still
     * ran after 30 minutes), so the backstop is not shown to work; a runaway that ignores interrupts may run until
     * the build is killed from outside.
     */
    @Test
    void theForkedJvmHasATimeLimit() throws Exception {
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
        for (String plugin : new String[] {"maven-surefire-plugin", "maven-failsafe-plugin"}) {
            int at = pom.indexOf("<artifactId>" + plugin + "</artifactId>");
            assertThat(at).as(plugin).isPositive();
            String config = pom.substring(at, pom.indexOf("</plugin>", at));
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("<forkedProcessTimeoutInSeconds>(\\d+)</forkedProcessTimeoutInSeconds>").matcher(config);
            assertThat(m.find()).as("%s sets forkedProcessTimeoutInSeconds", plugin).isTrue();
            // positive (0 means no limit), and within the time the CI allows a whole build on a loaded machine
            assertThat(Integer.parseInt(m.group(1))).as(plugin).isBetween(60, 1800);
            assertThat(config).as("%s forks (the time limit applies to a forked JVM only)", plugin).doesNotContain("<forkCount>0");
        }
        assertThat(pom).doesNotContain("<forkCount>0");
    }

    private static long samplerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("attnlimit-sampler")).count();
    }

    private static volatile int samplingThreads;
    private static volatile Thread running;

    /**
     * A test that would sample for hours (run only by the test above): the dense sampler at n = 2048, 10^6 draws,
     * chunks of one draw.
     */
    static class RunawaySampling {
        @Test
        void samplesForHours() {
            if (!armed) {
                return;
            }
            running = Thread.currentThread();
            LayerSpec spec = LayerSpec.paper(Activation.identity(), 2048, 4, 2);
            double[] y = DenseAttentionSampler.of(spec).sample(1_000_000, Readout.OUTPUT,
                    new ParallelSampler(1L, 1, samplingThreads), null);
            assertThat(y).hasSize(1_000_000);   // reached only when the sampler has stopped: a prefix, so it fails
        }
    }

    /** A test that never ends on its own: a loop without any interrupt check (run only by the test above). */
    static class Runaway {
        @Test
        void spins() {
            double x = 0.5;
            while (armed && !release) {
                x = Math.sin(x) + 1e-9;   // ignores Thread.interrupted(), as numerical code does
            }
            assertThat(x).isFinite();
        }
    }
}
