package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attnlimit.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitCommandTest {

    @Test
    void jsonHasTheDocumentedFields() throws Exception {
        MainTest.Run r = MainTest.run("limit", "--phi", "clip:c=1", "--tokens", "2", "--heads", "1",
                "--at", "-1,0,1", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = Json.mapper().readTree(r.out());
        for (String field : List.of("variance", "fourth_moment", "excess_kurtosis", "error_bound",
                "infinite_head_variance", "cdf", "pdf")) {
            assertThat(root.has(field)).as(field).isTrue();
        }
        assertThat(root.get("cdf").size()).isEqualTo(3);
        assertThat(root.get("cdf").get(1).asDouble()).isCloseTo(0.5, within(1e-15));
        assertThat(root.get("excess_kurtosis").asDouble()).isPositive();
        assertThat(root.get("error_bound").asDouble()).isLessThan(1e-8);
    }

    @Test
    void samplesGoToCsv(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("y.csv");
        MainTest.Run r = MainTest.run("limit", "--phi", "relu", "--sample", "5000", "--seed", "7", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(5001);
        assertThat(lines.get(0)).isEqualTo("y");
        MainTest.Run again = MainTest.run("limit", "--phi", "relu", "--sample", "5000", "--seed", "7",
                "--threads", "1", "--out", dir.resolve("z.csv").toString());
        assertThat(again.code()).isZero();
        assertThat(Files.readAllLines(dir.resolve("z.csv"))).isEqualTo(lines);
    }

    @Test
    void gramGivenDirectly() {
        MainTest.Run r = MainTest.run("limit", "--gram", "1,0.5;0.5,1", "--heads", "3", "--quantile", "0.975");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("variance", "excess kurtosis", "quantile(0.975)", "(given)");
    }

    @Test
    void badInputIsOneLineExit2() {
        String[][] bad = {
            {"limit", "--tokens", "0"},
            {"limit", "--heads", "0"},
            {"limit", "--sigma-q", "-1"},
            {"limit", "--sigma-v", "NaN"},
            {"limit", "--gram", "1,2;2,1"},
            {"limit", "--gram", "1,x;0,1"},
            {"limit", "--gram", "1,0;0,1", "--tokens", "3"},
            {"limit", "--phi", "frob"},
            {"limit", "--quantile", "1.5"},
            {"limit", "--out", "y.csv"},
        };
        for (String[] args : bad) {
            MainTest.Run r = MainTest.run(args);
            assertThat(r.code()).as(String.join(" ", args) + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n");
        }
    }

    @Test
    void helpTeaches() {
        MainTest.Run r = MainTest.run("limit", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Example 3.1", "--gram", "--sample", "Examples:");
    }
}
