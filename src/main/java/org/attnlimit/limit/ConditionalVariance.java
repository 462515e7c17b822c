package org.attnlimit.limit;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.numerics.Mutation;
import org.attnlimit.numerics.Softmax;

/**
 * The one draw of the conditional variance of Example 3.1 given the scores (Theorem 3.1):
 * {@code V = (σ_O²σ_V²/H) Σ_a (s^a)ᵀ K s^a}, {@code s^a = softmax(p̊^a_{1·})},
 * {@code p̊^a_{1·} = R z^a} with {@code R} a square root of the score covariance {@code σ_Q²σ_K²K_11 K} and
 * {@code z^a} iid standard normal, independent over heads. The hierarchical samplers of the limit
 * ({@link AttentionLimit#sample}, {@link HierarchicalLimit}) draw {@code V} here, then {@code y = √V ξ}.
 */
final class ConditionalVariance {
    private final double[][] gram;
    private final double[][] scoreRoot;
    private final double valueScale;
    private final int heads;

    /**
     * @param gram {@code K}
     * @param scoreRoot {@code R} with {@code RRᵀ} the score covariance (all zeros for scores that tend to 0)
     * @param valueScale {@code σ_O²σ_V²}
     * @param heads {@code H}
     */
    ConditionalVariance(double[][] gram, double[][] scoreRoot, double valueScale, int heads) {
        this.gram = gram;
        this.scoreRoot = scoreRoot;
        this.valueScale = valueScale;
        this.heads = heads;
    }

    /** @return one draw of V from {@code g}; {@code z, p, w} are scratch arrays of length s */
    double draw(ZigguratSampler.NormalizedGaussian g, double[] z, double[] p, double[] w) {
        return draw(g, z, p, w, null);
    }

    /**
     * @param perHead receives {@code V_a = σ_O²σ_V² (s^a)ᵀ K s^a} for each head (length H; may be {@code null}),
     *     so that {@code V} is their mean — for the tests of the heads' independence
     * @return one draw of V from {@code g}, as {@link #draw(ZigguratSampler.NormalizedGaussian, double[], double[], double[])}
     */
    double draw(ZigguratSampler.NormalizedGaussian g, double[] z, double[] p, double[] w, double[] perHead) {
        int s = gram.length;
        double sum = 0;
        boolean shared = Mutation.SHARED_HEAD_SCORES.planted();
        for (int a = 0; a < heads; a++) {
            for (int j = 0; j < s && !(shared && a > 0); j++) {
                z[j] = g.sample();
            }
            for (int j = 0; j < s; j++) {
                double acc = 0;
                for (int l = 0; l < s; l++) {
                    acc += scoreRoot[j][l] * z[l];
                }
                p[j] = acc;
            }
            Softmax.apply(p, w);
            double q = Softmax.quadratic(gram, w);
            if (perHead != null) {
                perHead[a] = valueScale * q;
            }
            sum += q;
        }
        return valueScale * sum / heads;
    }
}
