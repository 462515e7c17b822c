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
        // Values. s = 2, H = 1, clip_1: K = kI, k = E[clip_1(Z)^2] = 0.5160585 (MATH.md section 7), the row-1 scores
        // are iid N(0, k^2), d = p_11 - p_12 ~ N(0, 2k^2), s_1 = logistic(d), V = k(s_1^2 + s_2^2): an independent
        // 1-D integral (Legendre on [-40 sd, 40 sd], error < 1e-12) must match to the stated error bound.
        double k = 0.5160585509617133;
        double sd = Math.sqrt(2) * k;
        org.hipparchus.distribution.continuous.NormalDistribution n01 =
                new org.hipparchus.distribution.continuous.NormalDistribution(0, 1);
        org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator integ =
                new org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator(16, 1e-14, 1e-16);
        double m1 = integ.integrate(100_000, d -> {
            double s1 = 1 / (1 + Math.exp(-d));
            return k * (s1 * s1 + (1 - s1) * (1 - s1)) * n01.density(d / sd) / sd;
        }, -40 * sd, 40 * sd);
        double m2 = integ.integrate(100_000, d -> {
            double s1 = 1 / (1 + Math.exp(-d));
            double v = k * (s1 * s1 + (1 - s1) * (1 - s1));
            return v * v * n01.density(d / sd) / sd;
        }, -40 * sd, 40 * sd);
        assertThat(root.get("setup").get("gram").get(0).get(0).asDouble()).isCloseTo(k, within(1e-12));
        assertThat(root.get("variance").asDouble()).isCloseTo(m1, within(1e-8 * m1));
        assertThat(root.get("fourth_moment").asDouble()).isCloseTo(3 * m2, within(1e-8 * m2));
        assertThat(root.get("excess_kurtosis").asDouble()).isCloseTo(3 * m2 / (m1 * m1) - 3, within(1e-7));
        assertThat(root.get("score_variance").asDouble()).isCloseTo(k * k, within(1e-12));
        // Remark 3.2 by its independent route (quasi-Monte Carlo, relative error < 1e-3).
        assertThat(root.get("infinite_head_variance").asDouble()).isCloseTo(m1, within(1e-3 * m1));
        // The law is symmetric: F(-1) + F(1) = 1 to the CDF's error; f(-1) = f(1).
        assertThat(root.get("cdf").get(0).asDouble() + root.get("cdf").get(2).asDouble()).isCloseTo(1, within(1e-10));
        assertThat(root.get("pdf").get(0).asDouble()).isCloseTo(root.get("pdf").get(2).asDouble(), within(1e-12));
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
        // The samples follow the law: E[y^2] against the variance of `limit --phi relu` (same layer), z = 5.3 with
        // the SE of y^2 from the samples (2 assertions in this test family at alpha = 1e-6 overall).
        double[] y = lines.stream().skip(1).mapToDouble(Double::parseDouble).toArray();
        double[] y2 = java.util.Arrays.stream(y).map(v -> v * v).toArray();
        double mean = java.util.Arrays.stream(y2).average().orElseThrow();
        double se = Math.sqrt(java.util.Arrays.stream(y2).map(v -> (v - mean) * (v - mean)).sum() / (y2.length - 1) / y2.length);
        double variance = Json.mapper().readTree(MainTest.run("limit", "--phi", "relu", "--format", "json").out())
                .get("variance").asDouble();
        assertThat(Math.abs(mean - variance)).isLessThanOrEqualTo(5.3 * se);
        assertThat(se).isLessThan(0.05 * variance);
    }

    @Test
    void gramGivenDirectly() {
        MainTest.Run r = MainTest.run("limit", "--gram", "1,0.5;0.5,1", "--heads", "3", "--quantile", "0.975");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("variance", "excess kurtosis", "quantile(0.975)", "(given)");
        // Values: K = [[1, .5], [.5, 1]], scores N(0, K), d = p_1 - p_2 ~ N(0, 1), s^T K s = 1 - s_1 s_2; the variance
        // does not depend on H (Remark 3.2), and with an excess kurtosis of 0.003 the 0.975-quantile is within 0.5%
        // of the Gaussian one of the same variance, 1.95996 sd.
        org.hipparchus.distribution.continuous.NormalDistribution n01 =
                new org.hipparchus.distribution.continuous.NormalDistribution(0, 1);
        double m1 = new org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator(16, 1e-14, 1e-16)
                .integrate(100_000, d -> {
                    double s1 = 1 / (1 + Math.exp(-d));
                    return (1 - s1 * (1 - s1)) * n01.density(d);
                }, -40, 40);
        double variance = number(r.out(), "E[V]     = ");
        assertThat(variance).isCloseTo(m1, within(1e-8 * m1));
        double q = number(r.out(), "quantile(0.975) = ");
        assertThat(q / Math.sqrt(variance)).isBetween(1.95, 1.97);
    }

    private static double number(String text, String after) {
        int i = text.indexOf(after);
        assertThat(i).as(after).isNotNegative();
        String rest = text.substring(i + after.length()).trim();
        return Double.parseDouble(rest.split("\\s+")[0]);
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
