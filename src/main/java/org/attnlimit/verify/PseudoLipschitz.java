package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * A numerical lower bound on the best pseudo-Lipschitz constant of order {@code k} (Definition C.1):
 * {@code sup_{z≠z'} |f(z) − f(z')| / (‖z − z'‖ (1 + ‖z‖^{k−1} + ‖z'‖^{k−1}))}, by random search over
 * several scales followed by Nelder–Mead from the best points (Hipparchus). A found value above the
 * constant a proof gives refutes that proof; one below it is consistent with it.
 */
final class PseudoLipschitz {
    private PseudoLipschitz() {
    }

    /** The ratio of Definition C.1 at the pair {@code (z, z')} packed as one vector of length {@code 2d}. */
    static double ratio(ToDoubleFunction<double[]> f, int k, double[] pair) {
        int d = pair.length / 2;
        double[] z = java.util.Arrays.copyOfRange(pair, 0, d);
        double[] w = java.util.Arrays.copyOfRange(pair, d, 2 * d);
        double dist = 0;
        double nz = 0;
        double nw = 0;
        for (int i = 0; i < d; i++) {
            dist += (z[i] - w[i]) * (z[i] - w[i]);
            nz += z[i] * z[i];
            nw += w[i] * w[i];
        }
        dist = Math.sqrt(dist);
        if (!(dist > 1e-12)) {
            return 0;
        }
        double denom = dist * (1 + Math.pow(Math.sqrt(nz), k - 1) + Math.pow(Math.sqrt(nw), k - 1));
        double value = Math.abs(f.applyAsDouble(z) - f.applyAsDouble(w)) / denom;
        return Double.isFinite(value) ? value : 0;
    }

    /**
     * @param f the function on {@code ℝ^d}
     * @param d its dimension
     * @param k the order
     * @param seed seed of the random search
     * @param tries random pairs per scale
     * @return the largest ratio found
     */
    static double supremum(ToDoubleFunction<double[]> f, int d, int k, long seed, int tries) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        List<PointValuePair> found = new ArrayList<>();
        for (double scale : new double[] {0.1, 0.5, 1, 2, 5, 20, 100}) {
            for (double gap : new double[] {1e-3, 0.1, 1}) {
                for (int i = 0; i < tries; i++) {
                    double[] pair = new double[2 * d];
                    for (int j = 0; j < d; j++) {
                        pair[j] = scale * gauss.sample();
                        pair[d + j] = pair[j] + gap * scale * gauss.sample();
                    }
                    found.add(new PointValuePair(pair, ratio(f, k, pair)));
                }
            }
        }
        found.sort(Comparator.comparingDouble((PointValuePair p) -> p.getValue()).reversed());
        double best = found.get(0).getValue();
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-14);
        for (PointValuePair start : found.subList(0, Math.min(8, found.size()))) {
            try {
                PointValuePair opt = optimizer.optimize(new MaxEval(4000),
                        new ObjectiveFunction(x -> ratio(f, k, x)), GoalType.MAXIMIZE,
                        new InitialGuess(start.getPoint()), new NelderMeadSimplex(2 * d, 0.1 * (1 + norm(start.getPoint()))));
                best = Math.max(best, opt.getValue());
            } catch (MathIllegalStateException e) {
                // Evaluation budget exhausted: the random-search value stands.
            }
        }
        return best;
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s / x.length);
    }
}
