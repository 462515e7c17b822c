package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Ctrl-C (SIGINT to a separate JVM running {@code simulate}) while drawing and during the statistics:
 * within 3 s the run prints its summary, marked partial, and exits 130. On a loaded machine every step of the
 * child is slower: the 3 s are scaled by how much longer than {@value #NOMINAL_MARKER_MS} ms the child took to
 * reach the point where the signal is sent (start-up plus 2 s of work), so that the test measures the
 * code's responsiveness, not the machine's load.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SimulateInterruptTest {
    private static final long SUMMARY_WITHIN_MS = 3_000;
    /** Start-up plus the 2 s of work before the marker, on an idle machine. */
    private static final long NOMINAL_MARKER_MS = 4_000;

    @Test
    void interruptDuringTheStatisticsPrintsWhatWasComputed() throws Exception {
        // 10^5 bootstrap replicates of 2·10^5 samples would take many minutes; the statistics note on
        // stderr appears after 2 s of statistics, then Ctrl-C.
        Outcome o = interruptWhen("computing statistics", "simulate", "--samples", "200000", "--bootstrap", "100000",
                "--threads", "2");
        assertSummaryOfPartialStatistics(o);
    }

    @Test
    void interruptWhileDrawingSummarisesTheSamplesDrawnSoFar() throws Exception {
        // The dense network at n = 512 costs ~1 ms per sample: 4·10^4 samples would take many minutes; the
        // progress bar appears after 2 s of drawing, then Ctrl-C.
        Outcome o = interruptWhen("simulate: drawing", "simulate", "--method", "dense", "--width", "512", "--samples", "40000",
                "--threads", "2");
        assertSummaryOfSamplesDrawnSoFar(o);
    }

    @Test
    void programInterruptDuringTheStatisticsPrintsWhatWasComputed() throws Exception {
        // simulate --program keeps the built-in simulate's Ctrl-C handling: the same summary, marked partial.
        Outcome o = interruptWhen("computing statistics", "simulate", "--program", "theory/programs/crosswise.netsor",
                "--output", "a1", "--width", "16", "--samples", "200000", "--bootstrap", "100000", "--threads", "2");
        assertSummaryOfPartialStatistics(o);
    }

    @Test
    void programInterruptWhileDrawingSummarisesTheSamplesDrawnSoFar() throws Exception {
        // Dense matrices at n = 512: 10^6 realisations would take many minutes.
        Outcome o = interruptWhen("simulate: drawing", "simulate", "--program", "theory/programs/crosswise.netsor", "--output", "a1",
                "--method", "dense", "--width", "512", "--samples", "1000000", "--threads", "2");
        assertSummaryOfSamplesDrawnSoFar(o);
    }

    /** Ctrl-C during the statistics of 200000 samples: the summary within 3 s, exit 130, marked partial. */
    private static void assertSummaryOfPartialStatistics(Outcome o) {
        assertThat(o.millisAfterSignal()).as(o.err()).isLessThan(o.allowedMillis());
        assertThat(o.code()).isEqualTo(130);
        assertThat(o.out()).contains("samples                    200000", "kl_kde ", "statistics                 partial (interrupted)");
        // Where the signal lands depends on the machine's load, not on the code: after 20 or more bootstrap replicates
        // the intervals come from those done; before 20 (or before the bootstrap started) there is no interval, and
        // the summary says how many were done. Each is a correct partial summary.
        assertThat(o.out()).containsPattern("bootstrap=interrupted: intervals from \\d+ of 100000"
                + "|ci95_bootstrap_se=interrupted( after \\d+ of 100000 bootstrap replicates \\(an interval needs 20\\))?");
        assertThat(o.err()).contains("interrupted during the statistics");
    }

    /** Ctrl-C while drawing: the summary of the samples drawn so far within 3 s, exit 130, marked partial. */
    private static void assertSummaryOfSamplesDrawnSoFar(Outcome o) {
        assertThat(o.millisAfterSignal()).as(o.err()).isLessThan(o.allowedMillis());
        assertThat(o.code()).isEqualTo(130);
        assertThat(o.out()).contains("interrupted                true", "ks_distance", "w1 ",
                "statistics                 partial (interrupted)");
        assertThat(o.err()).contains("interrupted; kept");
    }

    record Outcome(int code, String out, String err, long millisAfterSignal, long millisToMarker) {
        /** @return 3 s, times the machine's slowness measured by the time the child took to reach the marker */
        long allowedMillis() {
            return (long) (SUMMARY_WITHIN_MS * Math.max(1.0, (double) millisToMarker / NOMINAL_MARKER_MS));
        }
    }

    /** Starts attnlimit in its own JVM, sends SIGINT once stderr shows {@code marker}, and waits for it. */
    private static Outcome interruptWhen(String marker, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (sigintIgnored()) {
            // A JVM keeps SIGINT ignored if it was at start (background jobs): reset it for the child.
            cmd.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die"));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        cmd.addAll(List.of(java, "-Xmx2g", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("attnlimit-interrupt", ".out");
        try {
            long started = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).start();
            StringBuilder err = new StringBuilder();
            CompletableFuture<Void> seen = new CompletableFuture<>();
            Thread reader = new Thread(() -> read(p, err, marker, seen), "stderr-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                seen.get(120, TimeUnit.SECONDS);
                long sent = System.nanoTime();
                long toMarker = (sent - started) / 1_000_000;
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                boolean ended = p.waitFor(30, TimeUnit.SECONDS);
                long ms = (System.nanoTime() - sent) / 1_000_000;
                reader.join(2_000);
                assertThat(ended).as("exited within 30 s of SIGINT; stderr: %s", err).isTrue();
                return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), err.toString(), ms, toMarker);
            } finally {
                p.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void read(Process p, StringBuilder err, String marker, CompletableFuture<Void> seen) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            int c;
            StringBuilder line = new StringBuilder();
            while ((c = r.read()) >= 0) {
                synchronized (err) {
                    err.append((char) c);
                }
                line.append((char) c);
                if (line.indexOf(marker) >= 0) {
                    seen.complete(null);
                }
                if (c == '\n' || c == '\r') {
                    line.setLength(0);
                }
            }
        } catch (IOException e) {
            seen.completeExceptionally(e);
        }
        seen.completeExceptionally(new AssertionError("stderr ended before '" + marker + "': " + err));
    }

    /** @return whether this JVM was started with SIGINT ignored (bit 2 of SigIgn in /proc/self/status) */
    private static boolean sigintIgnored() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("SigIgn:")) {
                    return (Long.parseLong(l.substring(7).trim(), 16) & 0x2) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
