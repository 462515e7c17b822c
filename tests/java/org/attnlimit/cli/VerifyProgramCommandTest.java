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
}
