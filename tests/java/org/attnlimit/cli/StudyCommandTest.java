package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.attnlimit.report.Json;
import org.attnlimit.study.Blocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code study --master in-process} (Spark's runs are the integration tests {@code StudySparkIT}): the result
 * does not depend on threads or blocks, equals {@code simulate --program} width by width, survives a resume,
 * and refuses bad input in one line.
 */
class StudyCommandTest {
    private static final String PROGRAM = "theory/programs/crosswise.netsor";

    private static MainTest.Run study(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("study", PROGRAM, "--output", "a1", "--widths", "16,32,64",
                "--samples", "1200", "--seed", "5", "--bootstrap", "20", "--master", "in-process", "--out", out.toString()));
        args.addAll(List.of(extra));
        return MainTest.run(args.toArray(String[]::new));
    }

    @Test
    void studyJsonDoesNotDependOnThreadsOrBlocks(@TempDir Path dir) throws Exception {
        MainTest.Run a = study(dir.resolve("a"), "--threads", "1", "--blocks", "3");
        assertThat(a.code()).as(a.err()).isZero();
        MainTest.Run b = study(dir.resolve("b"), "--threads", "2", "--blocks", "7");
        assertThat(b.code()).as(b.err()).isZero();
        String ja = Files.readString(dir.resolve("a/study.json")).replace("\"blocks_per_width\" : 3", "");
        String jb = Files.readString(dir.resolve("b/study.json")).replace("\"blocks_per_width\" : 7", "");
        assertThat(ja).isEqualTo(jb);
        try (Stream<Path> files = Files.list(dir.resolve("a/blocks/n32"))) {
            assertThat(files.count()).isEqualTo(3);
        }
        for (String f : new String[] {"study.csv", "study-distances.png", "study-variance.svg", "study-kurtosis.png"}) {
            assertThat(dir.resolve("a").resolve(f)).isRegularFile();
        }
        assertThat(Files.readAllLines(dir.resolve("a/study.csv"))).hasSize(2 + 1 + 3);
    }

    /** Width n of a study is {@code simulate --program} with seed S + 1000003 n, number for number. */
    @Test
    void eachWidthIsTheSimulateSummaryOfItsSeed(@TempDir Path dir) throws Exception {
        MainTest.Run r = study(dir.resolve("s"), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode w = Json.mapper().readTree(r.out()).get("widths").get(1);
        assertThat(w.get("width").asInt()).isEqualTo(32);
        MainTest.Run s = MainTest.run("simulate", "--program", PROGRAM, "--output", "a1", "--width", "32", "--samples",
                "1200", "--seed", Long.toString(Blocks.widthSeed(5, 32)), "--bootstrap", "20", "--format", "json");
        assertThat(s.code()).as(s.err()).isZero();
        JsonNode j = Json.mapper().readTree(s.out());
        for (String key : new String[] {"mean", "variance", "variance_se", "excess_kurtosis", "excess_kurtosis_se",
            "ks_distance", "w1", "w1_ci95_bootstrap_se", "kl_kde", "kl_kde_ci95_bootstrap_se", "noise_floor"}) {
            assertThat(w.get(key)).as(key).isEqualTo(j.get(key));
        }
    }

    /** A study whose blocks were partly lost (as if killed) resumes to the uninterrupted result. */
    @Test
    void resumeAfterLosingBlocksGivesTheSameStudy(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r");
        assertThat(study(out, "--blocks", "4").code()).isZero();
        String whole = Files.readString(out.resolve("study.json"));
        Files.delete(out.resolve("study.json"));
        Files.delete(out.resolve("blocks/n16/b00001.bin"));
        Files.delete(out.resolve("blocks/n64/b00003.bin"));
        MainTest.Run again = study(out, "--blocks", "4");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already holds blocks").contains("--resume");
        MainTest.Run resumed = study(out, "--blocks", "4", "--resume");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("(10 stored, 2 to run)");
        assertThat(Files.readString(out.resolve("study.json"))).isEqualTo(whole);
        // the blocks belong to seed 5: another seed, or another cut, is refused
        MainTest.Run other = MainTest.run("study", PROGRAM, "--output", "a1", "--widths", "16,32,64", "--samples", "1200",
                "--seed", "6", "--master", "in-process", "--out", out.toString(), "--resume", "--blocks", "4");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("belongs to another study");
        MainTest.Run cut = study(out, "--blocks", "5", "--resume");
        assertThat(cut.code()).isEqualTo(2);
        assertThat(cut.err()).contains("--samples and --blocks of the first run");
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path dir) {
        String o = dir.resolve("x").toString();
        String[][] bad = {
            {"study", "--widths", "64", "--samples", "1", "--out", o},
            {"study", "--widths", "64,64", "--samples", "100", "--out", o},
            {"study", "--widths", "2", "--samples", "100", "--out", o},
            {"study", "--widths", "64", "--samples", "100", "--master", "locl[2]", "--out", o},
            {"study", "--widths", "64", "--samples", "100", "--epsilon", "-1", "--out", o},
            {"study", "--widths", "64", "--samples", "100", "--blocks", "101", "--out", o},
            {"study", "--widths", "64", "--samples", "100", "--output", "y", "--out", o},
            {"study", PROGRAM, "--widths", "64", "--samples", "100", "--out", o},
            {"study", PROGRAM, "--output", "a1", "--heads", "2", "--widths", "64", "--samples", "100", "--out", o},
            {"study", PROGRAM, "--output", "p1", "--widths", "64", "--samples", "100", "--out", o},
            {"study", "missing.netsor", "--output", "a1", "--widths", "64", "--samples", "100", "--out", o},
            {"study", "--samples", "100", "--out", o},
            {"study", "--widths", "64", "--samples", "100", "--format", "latex", "--out", o},
            {"study", "--widths", "64", "--samples", "100", "--threads", "0", "--out", o},
        };
        for (String[] args : bad) {
            MainTest.Run r = MainTest.run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        }
        // the shared --format option names the formats study writes
        assertThat(MainTest.run(bad[bad.length - 2]).err()).contains("--format", "latex", "text, json");
    }

    /**
     * Without Spark's own jars first on the class path (the unit tests' class path has spark-core but not the
     * Log4j core and Jackson versions it needs), a Spark master is refused in one line, exit 1.
     */
    @Test
    void sparkMasterWithoutSparkJarsSaysSo(@TempDir Path dir) {
        MainTest.Run r = MainTest.run("study", "--widths", "16", "--samples", "100", "--master", "local[2]", "--out",
                dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Spark's jars are not on the class path");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }
}
