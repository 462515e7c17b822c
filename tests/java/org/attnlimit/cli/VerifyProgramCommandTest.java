package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
