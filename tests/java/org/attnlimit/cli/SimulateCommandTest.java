package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attnlimit.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulateCommandTest {

    @Test
    void jsonReportHasEveryStatisticAndTheSamplesFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("y.csv");
        MainTest.Run r = MainTest.run("simulate", "--width", "64", "--samples", "3000", "--seed", "3",
                "--bootstrap", "20", "--threads", "2", "--out", csv.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        for (String key : new String[] {"variance", "excess_kurtosis", "ks_distance", "ks_pvalue", "w1", "kl_kde",
            "samples_per_second"}) {
            assertThat(j.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(j.get("noise_floor").get("kl_kde").isNumber()).isTrue();
        assertThat(j.get("limit").get("variance").asDouble()).isPositive();
        assertThat(j.get("samples").asInt()).isEqualTo(3000);
        assertThat(Files.readAllLines(csv)).hasSize(3001).first().isEqualTo("y");
    }

    @Test
    void sameSeedSameNumbersWhateverTheThreads() {
        String[] base = {"simulate", "--width", "32", "--samples", "2000", "--seed", "5", "--bootstrap", "0",
            "--format", "json", "--phi", "relu", "--method", "dense"};
        JsonNode one = parse(MainTest.run(concat(base, "--threads", "1")).out());
        JsonNode two = parse(MainTest.run(concat(base, "--threads", "2")).out());
        assertThat(two.get("variance").asDouble()).isEqualTo(one.get("variance").asDouble());
        assertThat(two.get("ks_distance").asDouble()).isEqualTo(one.get("ks_distance").asDouble());
    }

    @Test
    void lowRankAndLinearScalingRun() {
        MainTest.Run r = MainTest.run("simulate", "--low-rank", "--head-dim", "16", "--width", "64", "--samples", "500",
                "--scaling", "linear", "--bootstrap", "0", "--format", "text");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("H=4 d_h=16 linear", "kl_kde");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--width 3 --tokens 4",
        "--low-rank --head-dim 60 --width 1024",
        "--low-rank --head-dim 16 --width 64 --heads 3",
        "--samples 1",
        "--heads 0",
        "--phi clip:c=NaN",
        "--phi frobnicate",
        "--scaling cubic",
        "--width NaN"})
    void badInputIsOneLineAndExit2(String args) {
        MainTest.Run r = MainTest.run(concat(new String[] {"simulate"}, args.split(" ")));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isNotEmpty().doesNotContain("\n");
    }

    private static JsonNode parse(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
