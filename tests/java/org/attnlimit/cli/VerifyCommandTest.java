package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.attnlimit.cli.MainTest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import org.attnlimit.report.Json;
import org.junit.jupiter.api.Test;

class VerifyCommandTest {

    /**
     * The whole quick suite: every check consistent with the paper's limits. About 400 intervals at
     * two-sided α = 1e-6 each: a false failure has probability below 1e-3, and none with this fixed seed.
     */
    @Test
    void quickSuiteIsConsistent() throws Exception {
        MainTest.Run r = MainTest.run("verify", "--quick", "--format", "json", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = Json.mapper().readTree(r.out());
        assertThat(root.get("consistent").asBoolean()).isTrue();
        assertThat(root.get("checks")).hasSizeGreaterThanOrEqualTo(16);
        int checkRows = 0;
        for (JsonNode c : root.get("checks")) {
            String name = c.get("name").asText();
            assertThat(c.get("verdict").asText()).as(name).isEqualTo("consistent");
            assertThat(c.get("kind").asText()).as(name).isIn("check", "illustration");
            for (JsonNode row : c.get("rows")) {
                String what = name + " / " + row.get("case").asText() + " / " + row.get("quantity").asText();
                assertThat(row.get("kind").asText()).as(what).isIn("check", "illustration");
                // an illustration has no verdict: "inconsistent" appears only where a check failed
                assertThat(row.get("verdict").asText()).as(what)
                        .isEqualTo(row.get("kind").asText().equals("check") ? "consistent" : "\u2014");
                assertThat(row.has("minimum_detectable_deviation")).as(what).isTrue();
                if (row.get("kind").asText().equals("check")) {
                    checkRows++;
                    assertThat(row.get("verdict").asText()).as(what).isEqualTo("consistent");
                    // Every check can see a 30% error: its MDD (interval + allowance + observed error, over the
                    // scale) is below 0.3, which is what makes --perturb 0.3 reject it.
                    assertThat(row.get("minimum_detectable_deviation").asDouble()).as(what).isPositive().isLessThan(0.3);
                }
            }
        }
        assertThat(checkRows).isEqualTo(root.get("check_rows").asInt()).isGreaterThan(80);
        // The tautologies of the earlier suite are gone or labelled: these statements are illustrations only.
        for (String illustration : new String[] {"lemma-d4", "lemma-d6", "lemma-d8", "assumption-3.1", "proposition-c3"}) {
            assertThat(check(root, illustration).get("kind").asText()).as(illustration).isEqualTo("illustration");
        }
        for (String real : new String[] {"lemma-d5", "lemma-d7", "theorem-3.1", "remark-3.1", "remark-3.2", "lemma-c4", "samplers"}) {
            assertThat(check(root, real).get("kind").asText()).as(real).isEqualTo("check");
        }
        assertThat(r.err()).contains("[1/", "checks consistent");
    }

    /**
     * The other half: with every limit moved by 30% of its scale, every row of kind check must reject it
     * (deterministically, given the MDDs < 0.3 asserted above), and the exit code says "the mathematics
     * said no" (3), not "internal failure".
     */
    @Test
    void perturbedLimitsAreRejectedByEveryCheck() throws Exception {
        MainTest.Run r = MainTest.run("verify", "--quick", "--perturb", "0.3", "--format", "json", "--threads", "2");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        JsonNode root = Json.mapper().readTree(r.out());
        assertThat(root.get("consistent").asBoolean()).isFalse();
        assertThat(root.get("settings").get("perturb").asDouble()).isEqualTo(0.3);
        int checkRows = 0;
        for (JsonNode c : root.get("checks")) {
            for (JsonNode row : c.get("rows")) {
                if (row.get("kind").asText().equals("check")) {
                    checkRows++;
                    assertThat(row.get("verdict").asText()).as(c.get("name").asText() + " / " + row.get("quantity").asText())
                            .isEqualTo("inconsistent");
                }
            }
            if (c.get("kind").asText().equals("check")) {
                assertThat(c.get("verdict").asText()).as(c.get("name").asText()).isEqualTo("inconsistent");
            }
        }
        assertThat(checkRows).isGreaterThan(80).isEqualTo(root.get("inconsistent_check_rows").asInt());
        assertThat(r.err()).contains("check rows inconsistent (every check rejects the perturbed limit");
    }

    private static JsonNode check(JsonNode root, String name) {
        for (JsonNode c : root.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name);
    }

    @Test
    void oneCheckInEachFormat() {
        MainTest.Run text = MainTest.run("verify", "--check", "lemma-c4", "--quick");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("Lemma C.4", "sup ratio, order 2", "verdict: CONSISTENT", "MDD", "kind");
        // Values: the numerical suprema sit within 5% below the sharp constants 1/2, 1/(2 sqrt 2), 0.42 (derived in
        // LemmaC4Check) and never above them.
        JsonNode c4 = parse(MainTest.run("verify", "--check", "lemma-c4", "--quick", "--format", "json").out())
                .get("checks").get(0);
        double[] sharp = {0.5, 1 / (2 * Math.sqrt(2)), Math.pow(0.25, 1.0 / 3) * 2 / 3};
        int i = 0;
        for (JsonNode row : c4.get("rows")) {
            if (row.get("kind").asText().equals("check")) {
                assertThat(row.get("limit").asDouble()).isCloseTo(sharp[i], org.assertj.core.api.Assertions.within(1e-12));
                assertThat(row.get("estimate").asDouble()).isBetween(0.95 * sharp[i], sharp[i] * (1 + 1e-9));
                i++;
            }
        }
        assertThat(i).isEqualTo(3);
        assertThat(MainTest.run("verify", "--check", "lemma-c4", "--quick", "--format", "markdown").out())
                .contains("| check | statement | verdict |", "`lemma-c4`");
        assertThat(MainTest.run("verify", "--check", "lemma-c4", "--quick", "--format", "latex").out())
                .contains("\\begin{tabular}", "\\end{document}");
    }

    @Test
    void userProgramIsChecked() {
        // The repository's example program, run as a user would: Proposition D.1 on its own scores.
        MainTest.Run r = MainTest.run("verify", "--program", "theory/programs/crosswise.netsor", "--quick",
                "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("crosswise.netsor p1,p2", "verdict: CONSISTENT");
        // Values: at the largest width (256) each entry's estimate is within its interval plus the proven
        // allowance of Sigma (which the row prints as its limit); the cross entry is negative (the crosswise term).
        JsonNode rows = parse(MainTest.run("verify", "--program", "theory/programs/crosswise.netsor", "--quick",
                "--threads", "2", "--format", "json").out()).get("checks").get(0).get("rows");
        int at256 = 0;
        for (JsonNode row : rows) {
            if (row.get("n").asInt() == 256) {
                at256++;
                assertThat(Math.abs(row.get("estimate").asDouble() - row.get("limit").asDouble()))
                        .isLessThanOrEqualTo(row.get("halfWidth").asDouble() + row.get("allowance").asDouble());
                assertThat(row.get("kind").asText()).isEqualTo("check");
                if (row.get("case").asText().endsWith("p1,p2")) {
                    assertThat(row.get("limit").asDouble()).isLessThan(-0.06);
                }
            }
        }
        assertThat(at256).isEqualTo(3);
    }

    @Test
    void helpListsTheExitCodesAndPerturb() {
        MainTest.Run r = MainTest.run("verify", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--perturb", "Exit codes", "3 some check inconsistent", "illustration", "MDD");
    }

    @Test
    void listNamesEveryCheck() {
        MainTest.Run r = MainTest.run("verify", "--list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("lemma-d3", "lemma-d9", "proposition-d1", "theorem-3.1", "remark-3.2");
    }

    @Test
    void badInputIsOneLineExit2() {
        for (String[] args : new String[][] {
            {"verify", "--check", "lemma-z9"},
            {"verify", "--format", "xml"},
            {"verify", "--widths", "64,16"},
            {"verify", "--samples", "10"},
            {"verify", "--seed", "abc"},
            {"verify", "--perturb", "-0.1"},
            {"verify", "--perturb", "NaN"},
            {"verify", "--program", "no-such-file.netsor"}}) {
            MainTest.Run r = MainTest.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).doesNotContain("\n");
        }
    }
}
