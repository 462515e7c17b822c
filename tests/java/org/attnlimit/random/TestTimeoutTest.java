package org.attnlimit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
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
