package org.attnlimit.experiment;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.finite.Scaling;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.limit.HierarchicalLimit;
import org.attnlimit.limit.LawTable;

/**
 * Pairs a simulated attention layer ({@link LayerSpec}, Appendix B) with the limit law it is compared with
 * (Example 3.1, Theorem 3.1): the samplers live in {@code finite}, the laws in {@code limit}, and neither
 * knows the other.
 */
public final class LayerLimits {
    private LayerLimits() {
    }

    /**
     * @return the limit of {@code spec}'s layer with its table: {@link AttentionLimit} for the {@code 1/√d}
     *     scaling, hierarchical Monte Carlo (200 000 draws of V, stream {@code seed}) for {@code 1/d}, whose
     *     scores are degenerate
     */
    public static LawTable reference(LayerSpec spec, long seed) {
        if (spec.scaling() == Scaling.LINEAR) {
            return LawTable.of(hierarchical(spec, 200_000, seed));
        }
        AttentionSetup setup = AttentionSetup.template(spec.phi(), spec.tokens(), spec.heads())
                .withSigmas(spec.sigmaQ(), spec.sigmaK(), spec.sigmaV(), spec.sigmaO());
        return LawTable.of(AttentionLimit.of(setup));
    }

    /**
     * @return the hierarchical Monte Carlo limit of {@code spec}'s layer: H heads (for low-rank heads too,
     *     as in Figure 3), degenerate scores under 1/n scaling
     * @throws InvalidInputException if a σ differs from 1 (the reference covers the paper's setup only)
     */
    public static HierarchicalLimit hierarchical(LayerSpec spec, int draws, long seed) {
        if (spec.sigmaQ() != 1 || spec.sigmaK() != 1 || spec.sigmaV() != 1 || spec.sigmaO() != 1) {
            throw new InvalidInputException("the limit reference covers sigma = 1 only, as in Appendix B");
        }
        return HierarchicalLimit.of(spec.phi(), spec.tokens(), spec.heads(), spec.scaling() == Scaling.LINEAR, draws,
                seed);
    }

    /**
     * @return {@code Var p̊_11 = σ_Q²σ_K² K_11²} (Example 3.1, Figure 2a) for a layer compared with
     *     {@link AttentionLimit}; 0 for the degenerate scores of the {@code 1/d} scaling
     */
    public static double scoreVariance(LawTable reference) {
        return reference.law() instanceof AttentionLimit a ? a.scoreVariance() : 0.0;
    }
}
