package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import org.attnlimit.report.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C and SIGTERM on a real process (an integration test: it runs after {@code package}, which builds
 * {@code target/attnlimit.jar}). The signal goes to the JVM by {@code kill}; the summary of what was
 * drawn must follow within 3 s, and a run whose single sample takes tens of seconds must stop as fast.
 */
class InterruptsIT {
    private static final Path JAR = Path.of("target", "attnlimit.jar");
    private static final double PROMPT_SECONDS = 3;

    @BeforeAll
    static void requireJarAndKill() {
        assertThat(JAR).as("run after mvn package").exists();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
                "no kill(1) to send signals with");
    }

    private record Outcome(int code, String out, String err, double secondsAfterSignal) {
    }

    /**
     * Starts {@code attnlimit args}, waits (at most {@code timeoutSeconds}) until stderr matches {@code marker}
     * (no marker: waits {@code timeoutSeconds}), signals, waits for the end.
     */
    private static Outcome signalledAfter(String signal, Pattern marker, double timeoutSeconds, String... args)
            throws Exception {
        Path out = Files.createTempFile("attnlimit-it", ".out");
        Path err = Files.createTempFile("attnlimit-it", ".err");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
            if (marker == null) {
                Thread.sleep((long) (timeoutSeconds * 1000));
            }
            while (marker != null && !marker.matcher(read(err)).find()) {
                assertThat(p.isAlive()).as("still running before the marker %s; stderr: %s", marker, read(err)).isTrue();
                assertThat(System.nanoTime()).as("marker %s within %s s", marker, timeoutSeconds).isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(p.isAlive()).as("still running when signalled").isTrue();
            long sent = System.nanoTime();
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            boolean ended = p.waitFor(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - sent) / 1e9;
            assertThat(ended).as("ended after SIG%s", signal).isTrue();
            return new Outcome(p.exitValue(), read(out), read(err), seconds);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The checks whose verdict verify reported on stderr ("[i/k] name: verdict"). */
    private static List<String> finishedChecks(String err) {
        List<String> names = new ArrayList<>();
        Matcher m = FINISHED.matcher(err);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The line simulate prints once it has been drawing for 2 s (off a terminal): the run is past start-up and its
     * Ctrl-C hook is installed (a fixed delay signalled a JVM still starting on a loaded machine, which then died
     * without output).
     */
    private static final Pattern DRAWING = Pattern.compile("simulate: drawing");

    /**
     * Past start-up (the Ctrl-C hook installed) even on a loaded machine, and well within the first of two dense
     * samples at n = 40 000 (20-40 s each on an idle machine); no progress line comes before a sample is done.
     */
    private static final double START_SECONDS = 8;

    /** Output of an interrupted verify within this time (before: nothing at all); generous for a loaded machine. */
    private static final double VERIFY_PROMPT_SECONDS = 10;

    private static final Pattern FINISHED = Pattern.compile("(?m)^\\[\\d+/\\d+\\] ([a-z0-9.-]+): (consistent|INCONSISTENT|inconsistent|illustration)\\s*$");

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void sigintWhileSamplingPrintsTheSummaryOfWhatWasDrawn() throws Exception {
        // Dense n = 512: about 4·512² normals per sample, ~60 samples/s on two cores; 4·10^4 would take minutes.
        Outcome o = signalledAfter("INT", DRAWING, 120, "simulate", "--method", "dense", "--width", "512", "--samples", "40000",
                "--bootstrap", "20", "--threads", "2");
        assertThat(o.err()).contains("simulate: interrupted; kept");
        assertThat(o.out()).containsPattern("(?m)^interrupted\\s+true$").contains("samples ");
        assertThat(o.secondsAfterSignal()).as("summary within %s s", PROMPT_SECONDS).isLessThan(PROMPT_SECONDS);
    }

    @Test
    void sigtermDuringOneLongDenseSampleStopsPromptly() throws Exception {
        // n = 40 000: one sample is s·n² ≈ 6e9 normals (seconds; 2 samples stay under the up-front cost cap of an hour); the sampler checks per row.
        Outcome o = signalledAfter("TERM", null, START_SECONDS, "simulate", "--method", "dense", "--width", "40000", "--samples", "2");
        assertThat(o.secondsAfterSignal()).as("before: 20-40 s").isLessThan(PROMPT_SECONDS);
        assertThat(o.err()).contains("interrupted before 2 samples were drawn");
    }

    @Test
    void sigintOnTheSameLongSampleStopsPromptly() throws Exception {
        Outcome o = signalledAfter("INT", null, START_SECONDS, "simulate", "--method", "dense", "--width", "40000", "--samples", "2");
        assertThat(o.secondsAfterSignal()).isLessThan(PROMPT_SECONDS);
        assertThat(o.code()).as("killed by SIGINT: 128 + 2").isEqualTo(130);
    }

    @Test
    void sigtermDuringVerifyPrintsTheFinishedChecksMarkedPartial() throws Exception {
        // Signalled once the first check has reported its verdict: the quick suite has 19 checks and takes minutes.
        Outcome o = signalledAfter("TERM", FINISHED, 120, "verify", "--quick", "--threads", "2");
        List<String> done = finishedChecks(o.err());
        assertThat(done).as(o.err()).isNotEmpty();
        assertThat(o.code()).as("killed by SIGTERM: 128 + 15").isEqualTo(143);
        assertThat(o.err()).contains("verify: interrupted; printing the");
        assertThat(o.out()).containsPattern("(?m)^INTERRUPTED: partial run, \\d+ of \\d+ checks finished; not run: ");
        for (String name : done) {
            assertThat(o.out()).as("the finished check %s is printed", name).contains("[" + name + "]");
        }
        assertThat(o.secondsAfterSignal()).as("output within %s s", VERIFY_PROMPT_SECONDS).isLessThan(VERIFY_PROMPT_SECONDS);
    }

    @Test
    void sigintDuringVerifyJsonPrintsTheFinishedChecksMarkedPartial() throws Exception {
        Outcome o = signalledAfter("INT", FINISHED, 120, "verify", "--quick", "--format", "json", "--threads", "2");
        List<String> done = finishedChecks(o.err());
        assertThat(o.code()).as("killed by SIGINT: 128 + 2").isEqualTo(130);
        JsonNode root = Json.mapper().readTree(o.out());
        assertThat(root.path("partial").asBoolean()).as(o.out()).isTrue();
        assertThat(root.path("consistent").isNull()).as("no overall verdict for a partial run").isTrue();
        assertThat(root.path("settings").path("not_run").size()).isPositive();
        List<String> printed = new ArrayList<>();
        root.path("checks").forEach(c -> printed.add(c.path("name").asText()));
        assertThat(printed).as("every check that reported a verdict before the signal").containsAll(done).isNotEmpty();
        assertThat(o.secondsAfterSignal()).isLessThan(VERIFY_PROMPT_SECONDS);
    }

    @Test
    void sigtermDuringNotebooksEndsTheJupyterKernel() throws Exception {
        String missing = NotebooksCommand.missing(NotebooksCommand.NOTEBOOKS);
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                org.assertj.core.api.Assertions.fail("CI=true but the notebooks cannot run: " + missing);
            }
            Assumptions.abort("notebooks cannot run here: " + missing);
        }
        Path dir = Files.createTempDirectory("attnlimit-it-notebooks");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.awt.headless=true", "-jar", JAR.toString(), "notebooks", "--out", dir.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        List<ProcessHandle> tree = List.of();
        try {
            // The kernel (java -jar rapaio-jupyter-kernel…) is nbconvert's child, this JVM's grandchild.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (tree.stream().noneMatch(InterruptsIT::isKernel)) {
                assertThat(p.isAlive()).as("notebooks still running; log: %s", Files.readString(dir.resolve("log"))).isTrue();
                assertThat(System.nanoTime()).as("a kernel started within 120 s").isLessThan(deadline);
                Thread.sleep(200);
                tree = p.descendants().toList();
            }
            Thread.sleep(1000);   // the kernel is running its first cells
            tree = p.descendants().toList();
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("notebooks ended after SIGTERM").isTrue();
            assertThat(p.exitValue()).as("128 + 15").isEqualTo(143);
            for (ProcessHandle h : tree) {
                // endTree gives SIGTERM 3 s, then SIGKILL: all gone once the JVM has exited
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // reported by the assertion below
                }
                assertThat(h.isAlive()).as("descendant %s %s ended", h.pid(), h.info().commandLine().orElse("")).isFalse();
            }
            assertThat(Files.readString(dir.resolve("log"))).contains("notebooks: interrupted while executing 01-covariance-calculus");
        } finally {
            p.destroyForcibly();
            for (ProcessHandle h : tree) {
                h.destroyForcibly();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static boolean isKernel(ProcessHandle h) {
        return h.info().commandLine().orElse("").contains("rapaio-jupyter-kernel");
    }
}
