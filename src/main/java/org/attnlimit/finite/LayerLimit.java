package org.attnlimit.finite;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionLimitReference;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.limit.HierarchicalLimit;
import org.attnlimit.limit.LimitReference;

/**
 * The limit a simulated layer is compared with: the limit objects live in {@code limit}; this view reads
 * a {@link LayerSpec} into them.
 */
public final class LayerLimit {
    private LayerLimit() {
    }

    /** @return the reference for {@code spec}: AttentionLimit for √ scaling, hierarchical Monte Carlo for 1/d */
    public static LimitReference reference(LayerSpec spec, long seed) {
        if (spec.scaling() == Scaling.LINEAR) {
            return hierarchical(spec, 200_000, seed);
        }
        AttentionSetup setup = AttentionSetup.template(spec.phi(), spec.tokens(), spec.heads())
                .withSigmas(spec.sigmaQ(), spec.sigmaK(), spec.sigmaV(), spec.sigmaO());
        return AttentionLimitReference.of(AttentionLimit.of(setup));
    }

    /**
     * @return the hierarchical Monte Carlo limit of {@code spec}'s layer: H heads (for low-rank heads too,
     *     as in Figure 3), degenerate scores under 1/n scaling
     * @throws IllegalArgumentException if a σ differs from 1 (the reference covers the paper's setup only)
     */
    public static HierarchicalLimit hierarchical(LayerSpec spec, int draws, long seed) {
        if (spec.sigmaQ() != 1 || spec.sigmaK() != 1 || spec.sigmaV() != 1 || spec.sigmaO() != 1) {
            throw new InvalidInputException("the limit reference covers sigma = 1 only, as in Appendix B");
        }
        return HierarchicalLimit.of(spec.phi(), spec.tokens(), spec.heads(), spec.scaling() == Scaling.LINEAR, draws,
                seed);
    }
}
