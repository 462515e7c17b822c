package org.attnlimit.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code study} on Apache Spark, end to end (an integration test: it needs {@code target/attnlimit.jar} and
 * {@code target/spark-lib} from {@code package}). The same small study runs in-process, on {@code local[2]}, and
 * through {@code SparkSubmit} on a real standalone cluster on loopback ports (a Master and two Workers, each in its
 * own JVM, started from the project's own dependency jars) while one worker and its executor are killed
 * mid-study; each {@code study.json} must be byte-identical. A study killed halfway resumes to the same file.
 * Everything started here is stopped here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudySparkIT {
    private static final Path JAR = Path.of("target", "attnlimit.jar").toAbsolutePath();
    private static final Path SPARK_LIB = Path.of("target", "spark-lib").toAbsolutePath();
    /**
     * The study of every run: the paper's layer with clip c = 1 (token inputs drawn, O(s·n) per sample, about 0.1 s
     * per block at n = 8192 on one idle core), 2 widths x 8000 samples in 10 blocks per width = 20 Spark tasks.
     */
    private static final List<String> STUDY = List.of("study", "--phi", "clip:c=1", "--tokens", "4", "--heads", "2",
            "--widths", "1024,8192", "--samples", "8000", "--blocks", "10", "--seed", "11", "--bootstrap", "0",
            "--threads", "2");
    private static final int BLOCKS = 20;
    private static Path tmp;
    private static final List<Process> STARTED = new ArrayList<>();
    private static String reference;

    @BeforeAll
    static void requireBuild() throws IOException {
        assertThat(JAR).as("run after mvn package").exists();
        assertThat(SPARK_LIB).as("copied at package").isDirectory();
        tmp = Files.createTempDirectory("attnlimit-study-it");
    }

    @AfterAll
    static void stopEverything() throws IOException {
        for (Process p : STARTED) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : STARTED) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** The launcher's command for {@code study}, with Spark's jars first (as {@code ./attnlimit study}). */
    private static List<String> launcher(String out, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("./attnlimit"));
        cmd.addAll(STUDY);
        cmd.addAll(List.of("--out", out));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private static Process start(List<String> cmd, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("ATTNLIMIT_JAVA_OPTS", "-Xmx768m");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        Process p = pb.start();
        STARTED.add(p);
        return p;
    }

    private static void finish(Process p, Path log, int seconds) throws Exception {
        boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
        assertThat(ended).as("ended within %d s: %s", seconds, Files.readString(log)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    }

    private static String run(List<String> cmd, String name) throws Exception {
        Path log = tmp.resolve(name + ".log");
        finish(start(cmd, log), log, 600);
        return Files.readString(tmp.resolve(name).resolve("study.json"));
    }

    @Test
    @Order(1)
    void localTwoEqualsInProcessByteForByte() throws Exception {
        reference = run(launcher(tmp.resolve("inprocess").toString(), "--master", "in-process"), "inprocess");
        String local = run(launcher(tmp.resolve("local").toString(), "--master", "local[2]"), "local");
        assertThat(local).isEqualTo(reference);
        assertThat(Files.readString(tmp.resolve("local.log"))).as("Spark's INFO lines are silenced")
                .contains("running blocks on Spark local[2]")
                .doesNotContain(" INFO ").doesNotContain("Using Spark's default log4j profile");
    }

    /** Killing the study (kill -9) halfway and resuming gives the uninterrupted study. */
    @Test
    @Order(2)
    void resumeAfterAKillEqualsAnUninterruptedRun() throws Exception {
        Path out = tmp.resolve("killed");
        Path log = tmp.resolve("killed.log");
        Process p = start(launcher(out.toString(), "--master", "in-process"), log);
        awaitBlocks(out, 3, p, log);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        String resumed = run(launcher(out.toString(), "--master", "in-process", "--resume"), "killed");
        // some blocks were stored before the kill, and some were not
        assertThat(Files.readString(log)).containsPattern("\\(([3-9]|1[0-9]) stored, ([1-9]|1[0-7]) to run\\)");
        assertThat(resumed).isEqualTo(reference);
    }

    /** A Master and two Workers (1 core each), and the study submitted through SparkSubmit, a worker lost mid-study. */
    @Test
    @Order(3)
    void standaloneClusterGivesTheSameStudyDespiteALostWorker() throws Exception {
        Path home = tmp.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Files.createFile(home.resolve("RELEASE"));   // without it the worker finds no "build directory"
        try (Stream<Path> jars = Files.list(SPARK_LIB)) {
            for (Path j : (Iterable<Path>) jars::iterator) {
                Files.createSymbolicLink(home.resolve("jars").resolve(j.getFileName()), j);
            }
        }
        int port = freePort();
        int ui = freePort();
        String master = "spark://127.0.0.1:" + port;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = home.resolve("jars") + "/*";
        // (the REST submission server would take the fixed port 6066)
        daemon(home, List.of(java, "-Xmx256m", "-Dspark.master.rest.enabled=false", "-cp", cp,
                "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(ui)), "master");
        List<Process> workers = new ArrayList<>();
        for (int w = 1; w <= 2; w++) {
            workers.add(daemon(home, List.of(java, "-Xmx256m", "-cp", cp, "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", Integer.toString(freePort()),
                    "--work-dir", tmp.resolve("work" + w).toString(), master), "worker" + w));
        }
        awaitWorkers(ui, 2);

        // spark-submit's own entry point (what bin/spark-submit runs) with the application jar; once a few blocks
        // are stored, one worker and its executor are killed, and Spark reruns the lost tasks on the other one
        Path out = tmp.resolve("submitted");
        Path log = tmp.resolve("submitted.log");
        List<String> submit = new ArrayList<>(List.of(java, "-Xmx768m", "-cp", cp, "org.apache.spark.deploy.SparkSubmit",
                "--master", master, "--class", "org.attnlimit.cli.Main", JAR.toString()));
        submit.addAll(STUDY);
        submit.addAll(List.of("--out", out.toString()));
        Process p = start(submit, log);
        awaitBlocks(out, 3, p, log);
        Process victim = workers.get(0);
        victim.descendants().forEach(ProcessHandle::destroyForcibly);   // its executor
        victim.destroyForcibly();
        finish(p, log, 600);
        assertThat(Files.readString(out.resolve("study.json"))).isEqualTo(reference);
        assertThat(Files.readString(log)).contains("running blocks on Spark " + master);
    }

    private static Process daemon(Path home, List<String> cmd, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        STARTED.add(p);
        return p;
    }

    private static void awaitWorkers(int ui, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // a Master and two Workers start in about 15 s on an idle machine; 90 s were seen under a load of 25 on 2 cores
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui + "/json/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (last.replaceAll("\\s", "").contains("\"aliveworkers\":" + count)) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the cluster did not report " + count + " workers: " + last + "\n"
                + Files.readString(tmp.resolve("master.log")));
    }

    private static void awaitBlocks(Path out, int count, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            if (Files.isDirectory(out.resolve("blocks"))) {
                try (Stream<Path> files = Files.walk(out.resolve("blocks"))) {
                    if (files.filter(f -> f.toString().endsWith(".bin")).count() >= count) {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " blocks within 400 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
