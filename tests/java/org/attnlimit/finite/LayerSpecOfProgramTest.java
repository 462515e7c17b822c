package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.attnlimit.calculus.Activation;
import org.attnlimit.program.AttentionProgram;
import org.attnlimit.program.Program;
import org.junit.jupiter.api.Test;

/**
 * The simulators' layer is a view of a program: {@link LayerSpec#of} recognises Appendix B's layer in the
 * template and in {@code mha-s4-h2.netsor}, so the reduced sampler (and its Bartlett shortcut) is chosen
 * for them; that it then has the law of the program's conditioning sampler is
 * {@code ProgramVersusLayerTest}. Programs of another shape are left to the program samplers.
 */
class LayerSpecOfProgramTest {

    @Test
    void thePapersLayerIsRecognisedInTheTemplateAndTheFile() {
        LayerSpec paper = LayerSpec.paper(Activation.clip(1), 64, 4, 2);
        assertThat(LayerSpec.of(AttentionProgram.paper(Activation.clip(1), 4, 2, 1, 1, 1, 1), "y1", 64)).contains(paper);
        assertThat(LayerSpec.of(Program.read(Path.of("theory/programs/mha-s4-h2.netsor")), "y1", 64)).contains(paper);
        assertThat(LayerSpec.of(AttentionProgram.paper(Activation.relu(), 3, 1, 0.5, 2, 1, 1.5), "y1", 32))
                .contains(new LayerSpec(Activation.relu(), 32, 3, 1, 32, Scaling.SQRT, 0.5, 2, 1, 1.5));
    }

    @Test
    void tokensThatAreNotPhiOfWjhAreNotTheReducedSamplersLayer() {
        // Gaussian token inputs with the clip Gram: the same limit, but not the layer the reduced sampler draws.
        double[][] k = {{1, 0.5}, {0.5, 1}};
        assertThat(LayerSpec.of(AttentionProgram.withGram(k, 2, 1, 1, 1, 1), "y1", 64)).isEmpty();
        // Sigmoid attention is not Example 3.1 at all.
        assertThat(LayerSpec.of(Program.read(Path.of("theory/programs/sigmoid-attention.netsor")), "y", 64)).isEmpty();
    }
}
