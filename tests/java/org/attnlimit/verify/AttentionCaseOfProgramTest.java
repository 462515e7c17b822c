package org.attnlimit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.attnlimit.calculus.Activation;
import org.attnlimit.program.AttentionProgram;
import org.attnlimit.program.Program;
import org.junit.jupiter.api.Test;

/** verify's attention case is a view of a program ({@link AttentionCase#of}). */
class AttentionCaseOfProgramTest {

    /** The standard case written as a program: tokens clip_1(h_j), h_j ~ N(0, a_j²) with a = (1, 2). */
    private static Program standard(int heads) {
        StringBuilder b = new StringBuilder("input h1 h2 ~ N(0, [[1, 0], [0, 4]])\nx1 = clip:c=1(h1)\nx2 = clip:c=1(h2)\n");
        StringBuilder sum = new StringBuilder();
        for (int a = 1; a <= heads; a++) {
            b.append("matrix WQ").append(a).append(" WK").append(a).append(" WV").append(a).append(" WO").append(a).append('\n');
            b.append("q").append(a).append(" = WQ").append(a).append(" x1\n");
            for (int j = 1; j <= 2; j++) {
                b.append("k").append(a).append(j).append(" = WK").append(a).append(" x").append(j).append('\n');
                b.append("v").append(a).append(j).append(" = WV").append(a).append(" x").append(j).append('\n');
                b.append("u").append(a).append(j).append(" = WO").append(a).append(" v").append(a).append(j).append('\n');
                b.append("p").append(a).append(j).append(" = score(q").append(a).append(", k").append(a).append(j).append(")\n");
            }
            b.append("o").append(a).append(" = attend(p").append(a).append("1, p").append(a).append("2; u").append(a)
                    .append("1, u").append(a).append("2)\n");
            sum.append(a == 1 ? "" : ", ").append('o').append(a);
        }
        b.append("y = prod(").append(1 / Math.sqrt(heads)).append(heads == 1 ? ", o1)\n" : ", sum(" + sum + "))\n");
        return Program.parse(b.toString());
    }

    @Test
    void theStandardCaseIsRecognisedInItsProgram() {
        for (int h : new int[] {1, 3}) {
            AttentionCase seen = AttentionCase.of(standard(h), "y").orElseThrow();
            AttentionCase expected = AttentionCase.standard(h);
            assertThat(seen.tokens()).isEqualTo(expected.tokens());
            assertThat(seen.heads()).isEqualTo(h);
            assertThat(seen.c()).isEqualTo(expected.c());
            assertThat(seen.tokenScales()).containsExactly(expected.tokenScales());
        }
    }

    @Test
    void otherActivationsOrSigmasAreNotTheSuitesCase() {
        assertThat(AttentionCase.of(AttentionProgram.paper(Activation.relu(), 2, 2, 1, 1, 1, 1), "y1")).isEmpty();
        assertThat(AttentionCase.of(AttentionProgram.paper(Activation.clip(1), 2, 2, 1, 1, 2, 1), "y1")).isEmpty();
        // the paper's tokens clip(W_j h) are uncorrelated with unit scales
        assertThat(AttentionCase.of(AttentionProgram.paper(Activation.clip(1), 3, 2, 1, 1, 1, 1), "y1").orElseThrow()
                .tokenScales()).containsExactly(1, 1, 1);
    }
}
