package org.attnlimit.check;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.study.Blocks;
import org.junit.jupiter.api.Test;

/**
 * The engines refuse bad input in the mathematics' words, without naming a command-line option (an API user has
 * none; the command adds its option where it helps), and as {@link InvalidInputException} (exit 2 from a command).
 */
class EngineMessagesTest {
    @Test
    void checkEnginesNameNoOption() {
        assertThatThrownBy(() -> Ranges.parse(List.of("c"))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("parameter range 'c' is malformed").hasMessageNotContaining("--");
        assertThatThrownBy(() -> Ranges.parse(List.of("c=2:1"))).hasMessageNotContaining("--");
        assertThatThrownBy(() -> Ranges.parse(List.of("c=1,c=2"))).hasMessageNotContaining("--");
        assertThatThrownBy(() -> new MomentQuantity(Activation.parse("relu"), false, 5))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("--");
        assertThatThrownBy(() -> ProgramEntry.of(Path.of("theory/programs/crosswise.netsor"), null))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("--");
        assertThatThrownBy(() -> ProgramEntry.of(Path.of("theory/programs/crosswise.netsor"), "Cov(p1)x"))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("--");
    }

    @Test
    void studyEnginesNameNoOption() {
        assertThatThrownBy(() -> Blocks.plan(new int[] {64}, 10, 11)).isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("--");
    }
}
