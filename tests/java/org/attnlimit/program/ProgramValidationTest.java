package org.attnlimit.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.attnlimit.calculus.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgramValidationTest {

    private static final String HEAD = """
            input h ~ N(0, 1)
            matrix W1 W2
            g1 = W1 h
            g2 = W2 h
            x1 = clip:c=1(g1)
            x2 = clip:c=1(g2)
            matrix WQ WK WV
            """;

    private static String error(String text) {
        try {
            Program.parse(text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void assumption31bQueryAndKeyShareAMatrix() {
        String msg = error(HEAD + "q1 = WQ x1\nk2 = WQ x2\np12 = score(q1, k2)\n");
        assertThat(msg).isEqualTo("line 10: Assumption 3.1 (b) violated: query and key of score p12 both use matrix WQ");
    }

    @Test
    void assumption31aScoreMatrixUsedForNonScoreVector() {
        String msg = error(HEAD + "q1 = WQ x1\nv = WQ x2\nk2 = WK x2\np = score(q1, k2)\n");
        assertThat(msg).startsWith("line 9: Assumption 3.1 (a) violated: matrix WQ feeds score p (line 11)")
                .contains("non-score vector v");
    }

    @Test
    void assumption31aScoreVectorReusedByNonlin() {
        String msg = error(HEAD + "q1 = WQ x1\nk2 = WK x2\np = score(q1, k2)\ny = relu(q1)\n");
        assertThat(msg).startsWith("line 11: Assumption 3.1 (a) violated: score vector q1");
    }

    @Test
    void crosswiseSharingIsAllowed() {
        Program p = Program.read(Path.of("theory/programs/crosswise.netsor"));
        assertThat(p.scores()).containsExactly("p1", "p2");
        assertThat(p.warnings()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "y = relu(z)                      | line 8: undefined name 'z'",
        "y = relu(z)\\nz = relu(x1)       | line 8: 'z' is used before its definition on line 9",
        "x1 = relu(g1)                    | line 8: duplicate name 'x1' (already defined on line 5)",
        "y = clip:c=1(x1, x2)             | line 8: activation clip:c=1 takes 1 argument, got 2",
        "y = prod(x1)                     | line 8: prod takes 2 or more arguments, got 1",
        "p = score(x1, x2)                | line 8: 'x1' is a Nonlin output (line 5); Definition 3.1 (B): score arguments must be MatMul outputs g = W x",
        "p = score(g1)                    | line 8: score takes 2 arguments (query, key), got 1",
        "y = WQ WK                        | line 8: 'WK' is a matrix (line 7); MatMul multiplies a vector",
        "y = x1 WQ                        | line 8: 'x1' is a Nonlin output (line 5); MatMul 'y = x1 WQ' needs a matrix first",
        "y = frob(x1)                     | line 8: unknown activation 'frob'",
        "this is not a statement          | line 8: malformed statement",
        "y = x1                           | line 8: 'y = x1' is neither MatMul",
        "y = relu(x1                      | line 8: malformed expression",
        "matrix WX var=-1                 | line 8: matrix variance must be > 0",
    })
    void malformedProgramsNameTheLine(String extra, String expected) {
        assertThat(error(HEAD + extra.replace("\\n", "\n") + "\n")).startsWith(expected);
    }

    @Test
    void badInputLaws() {
        assertThat(error("input a b ~ N(0, [[1, 2], [2, 1]])\n")).startsWith("line 1: covariance of the inputs must be positive semi-definite");
        assertThat(error("input a b ~ N(0, [[1, 0.5], [0.4, 1]])\n")).startsWith("line 1: covariance of the inputs must be symmetric");
        assertThat(error("input a b ~ N([0], I)\n")).startsWith("line 1: mean has 1 entries for 2 input vector(s)");
        assertThat(error("# nothing\n\n")).isEqualTo("the program is empty (no statements)");
    }

    @Test
    void unboundedScoreInputsWarnButAreAccepted() {
        Program p = Program.read(Path.of("theory/programs/attention-s2-relu.netsor"));
        assertThat(p.warnings()).hasSize(2).allMatch(w -> w.contains("warning") && w.contains("Assumption 3.1"));
    }

    @Test
    void builderMatchesText() {
        Program built = Program.builder()
                .input("h", 0, 1)
                .matrix("W1", 1).matrix("W2", 1)
                .matMul("g1", "W1", "h").matMul("g2", "W2", "h")
                .nonlin("x1", Activation.clip(1), "g1").nonlin("x2", Activation.clip(1), "g2")
                .matrix("WQ", 1).matrix("WK", 1)
                .matMul("q1", "WQ", "x1").matMul("k2", "WK", "x2")
                .score("p12", "q1", "k2")
                .build();
        Program parsed = Program.parse(built.toText());
        assertThat(parsed.toText()).isEqualTo(built.toText());
        assertThat(built.scores()).containsExactly("p12");
        assertThat(ProgramLimit.of(parsed).scoreCovariance()).isDeepEqualTo(ProgramLimit.of(built).scoreCovariance());
    }

    @Test
    void builderRunsTheSameValidation() {
        assertThatThrownBy(() -> Program.builder().input("x", 0, 1).matrix("W", 1)
                .matMul("a", "W", "x").matMul("b", "W", "x").score("p", "a", "b").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 5: Assumption 3.1 (b) violated: query and key of score p both use matrix W");
    }

    @Test
    void everyExampleParses() {
        for (String f : new String[] {"attention-s2", "attention-s2-relu", "mha-s4-h2", "crosswise", "products"}) {
            Program p = Program.read(Path.of("theory/programs/" + f + ".netsor"));
            assertThat(p.scores()).isNotEmpty();
        }
        assertThatThrownBy(() -> Program.read(Path.of("theory/programs/no-such.netsor")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read program file");
    }
}
