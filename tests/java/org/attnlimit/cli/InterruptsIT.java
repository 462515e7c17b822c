package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /** Starts {@code attnlimit args}, waits for {@code marker} on stderr (or {@code delay}), signals, waits. */
    private static Outcome signalled(String signal, double delaySeconds, String... args) throws Exception {
        Path out = Files.createTempFile("attnlimit-it", ".out");
        Path err = Files.createTempFile("attnlimit-it", ".err");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            Thread.sleep((long) (delaySeconds * 1000));
            assertThat(p.isAlive()).as("still sampling when signalled").isTrue();
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

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void sigintWhileSamplingPrintsTheSummaryOfWhatWasDrawn() throws Exception {
        // Dense n = 512: about 4·512² normals per sample, ~60 samples/s on two cores; 4·10^4 would take minutes.
        Outcome o = signalled("INT", 4, "simulate", "--method", "dense", "--width", "512", "--samples", "40000",
                "--bootstrap", "20", "--threads", "2");
        assertThat(o.err()).contains("simulate: interrupted; kept");
        assertThat(o.out()).containsPattern("(?m)^interrupted\\s+true$").contains("samples ");
        assertThat(o.secondsAfterSignal()).as("summary within %s s", PROMPT_SECONDS).isLessThan(PROMPT_SECONDS);
    }

    @Test
    void sigtermDuringOneLongDenseSampleStopsPromptly() throws Exception {
        // n = 40 000: one sample is s·n² ≈ 6e9 normals (seconds; 2 samples stay under the up-front cost cap of an hour); the sampler checks per row.
        Outcome o = signalled("TERM", 3, "simulate", "--method", "dense", "--width", "40000", "--samples", "2");
        assertThat(o.secondsAfterSignal()).as("before: 20-40 s").isLessThan(PROMPT_SECONDS);
        assertThat(o.err()).contains("interrupted before 2 samples were drawn");
    }

    @Test
    void sigintOnTheSameLongSampleStopsPromptly() throws Exception {
        Outcome o = signalled("INT", 3, "simulate", "--method", "dense", "--width", "40000", "--samples", "2");
        assertThat(o.secondsAfterSignal()).isLessThan(PROMPT_SECONDS);
        assertThat(o.code()).as("killed by SIGINT: 128 + 2").isEqualTo(130);
    }
}
