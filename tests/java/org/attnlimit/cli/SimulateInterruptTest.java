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
 * within 3 s the run prints its summary, marked partial, and exits 130.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SimulateInterruptTest {
    private static final long SUMMARY_WITHIN_MS = 3_000;

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
        // The dense network at n = 512 costs ~1 ms per sample: 10^6 samples would take many minutes; the
        // progress bar appears after 2 s of drawing, then Ctrl-C.
        Outcome o = interruptWhen("simulate: drawing", "simulate", "--method", "dense", "--width", "512", "--samples", "1000000",
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
        assertThat(o.millisAfterSignal()).as(o.err()).isLessThan(SUMMARY_WITHIN_MS);
        assertThat(o.code()).isEqualTo(130);
        assertThat(o.out()).contains("samples                    200000", "kl_kde ", "statistics                 partial (interrupted)",
                "bootstrap=interrupted: intervals from");
        assertThat(o.err()).contains("interrupted during the statistics");
    }

    /** Ctrl-C while drawing: the summary of the samples drawn so far within 3 s, exit 130, marked partial. */
    private static void assertSummaryOfSamplesDrawnSoFar(Outcome o) {
        assertThat(o.millisAfterSignal()).as(o.err()).isLessThan(SUMMARY_WITHIN_MS);
        assertThat(o.code()).isEqualTo(130);
        assertThat(o.out()).contains("interrupted                true", "ks_distance", "w1 ",
                "statistics                 partial (interrupted)");
        assertThat(o.err()).contains("interrupted; kept");
    }

    record Outcome(int code, String out, String err, long millisAfterSignal) {
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
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).start();
            StringBuilder err = new StringBuilder();
            CompletableFuture<Void> seen = new CompletableFuture<>();
            Thread reader = new Thread(() -> read(p, err, marker, seen), "stderr-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                seen.get(120, TimeUnit.SECONDS);
                long sent = System.nanoTime();
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                boolean ended = p.waitFor(30, TimeUnit.SECONDS);
                long ms = (System.nanoTime() - sent) / 1_000_000;
                reader.join(2_000);
                assertThat(ended).as("exited within 30 s of SIGINT; stderr: %s", err).isTrue();
                return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), err.toString(), ms);
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
