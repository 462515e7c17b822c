package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.attnlimit.cli.MainTest.concat;

import com.fasterxml.jackson.databind.JsonNode;
import org.attnlimit.report.Json;
import org.junit.jupiter.api.Test;

/** {@code verify --program FILE [--output NAME]}: Proposition D.1 and Theorem 3.1 / Corollary 3.2 on a program. */
class VerifyProgramCommandTest {

    @Test
    void sigmoidAttentionIsCheckedAgainstItsLimitLaw() {
        MainTest.Run r = MainTest.run("verify", "--program", "theory/programs/sigmoid-attention.netsor", "--output", "y",
                "--quick", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("[program-scores]", "[program-law]", "sigmoid-attention.netsor y_1", "KS(h_1, Z^h)",
                "ProgramLaw");
        assertThat(r.out()).doesNotContain("INCONSISTENT");
    }

    /**
     * {@code --perturb 0.2} moves every limit by 20% of its scale (the law to that of 1.2 Z^h): every row of
     * kind check must reject it (exit 3), the unperturbed run (above, and here in JSON) is consistent (exit 0),
     * and every check row states its minimum detectable deviation, below 0.2 (else the perturbed run could
     * not reject it: the KS row's MDD is about 0.11 at 20 000 realisations, the moments' 0.04–0.06).
     */
    @Test
    void perturbedLimitsAreRejectedByEveryCheckRow() throws Exception {
        String[] base = {"verify", "--program", "theory/programs/sigmoid-attention.netsor", "--quick", "--threads", "2",
            "--format", "json"};
        MainTest.Run plain = MainTest.run(base);
        assertThat(plain.code()).as(plain.err()).isZero();
        JsonNode ok = Json.mapper().readTree(plain.out());
        assertThat(ok.get("inconsistent_check_rows").asInt()).isZero();
        MainTest.Run perturbed = MainTest.run(concat(base, "--perturb", "0.2"));
        assertThat(perturbed.code()).as(perturbed.err()).isEqualTo(ExitCode.REFUTED.code());
        JsonNode j = Json.mapper().readTree(perturbed.out());
        int checkRows = 0;
        for (JsonNode check : j.get("checks")) {
            for (JsonNode row : check.get("rows")) {
                assertThat(row.get("kind").asText()).isIn("check", "illustration");
                if (row.get("kind").asText().equals("check")) {
                    checkRows++;
                    assertThat(row.get("consistent").asBoolean()).as(row.toString()).isFalse();
                    assertThat(row.get("minimum_detectable_deviation").asDouble()).as(row.toString()).isBetween(0.0, 0.2);
                }
            }
        }
        // program-law at n = 1024: KS, mean and variance (the scores have no proven allowance: illustrations).
        assertThat(checkRows).isEqualTo(3).isEqualTo(j.get("inconsistent_check_rows").asInt());
    }

    @Test
    void badInputIsOneLineExit2() {
        for (String[] args : new String[][] {
            {"verify", "--output", "y"},
            {"verify", "--program", "theory/programs/sigmoid-attention.netsor", "--output", "nope"},
            {"verify", "--program", "theory/programs/sigmoid-attention.netsor", "--output", "p11"},
            {"verify", "--program", "theory/programs/sigmoid-attention.netsor", "--check", "lemma-d5"}}) {
            MainTest.Run r = MainTest.run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).isNotEmpty().doesNotContain("\n");
        }
    }

    /**
     * An output whose limit law has no density (ReLU-weighted attention: an atom at 0 of mass 1/8) is not refused:
     * simulated, compared by its moments and by a two-sample KS test against draws of the law's own sampler, and
     * said so in text and JSON; exit 0 when they agree, 3 under {@code --perturb 0.3} (the law of 1.3 Z^h: KS
     * distance ≈ 0.06 against a critical value 0.021, the variance 69% off).
     */
    @Test
    void anOutputWithoutDensityIsComparedWithDrawsOfItsLaw() throws Exception {
        String[] base = {"verify", "--program", "tests/resources/programs/relu-weighted.netsor", "--output", "y",
            "--widths", "1024", "--samples", "20000", "--threads", "2"};
        MainTest.Run text = MainTest.run(base);
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("[program-law]", "KS two-sample(h_1, draws of Z^h)", "no density",
                "two-sample Kolmogorov-Smirnov").doesNotContain("INCONSISTENT");
        MainTest.Run perturbed = MainTest.run(concat(base, "--perturb", "0.3", "--format", "json"));
        assertThat(perturbed.code()).as(perturbed.err()).isEqualTo(ExitCode.REFUTED.code());
        JsonNode law = null;
        for (JsonNode check : Json.mapper().readTree(perturbed.out()).get("checks")) {
            if (check.toString().contains("KS two-sample")) {
                law = check;
            }
        }
        assertThat(law).isNotNull();
        assertThat(law.get("note").asText()).contains("no density", "two-sample Kolmogorov-Smirnov");
        for (JsonNode row : law.get("rows")) {
            if (row.get("kind").asText().equals("check")) {
                assertThat(row.get("consistent").asBoolean()).as(row.toString()).isFalse();
            }
        }
    }
}
