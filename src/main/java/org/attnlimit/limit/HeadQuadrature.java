package org.attnlimit.limit;

import org.attnlimit.numerics.HermiteRule;
import org.attnlimit.numerics.PsdRoot;
import org.attnlimit.numerics.Rqmc;
import org.attnlimit.numerics.Softmax;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Deterministic quadrature for the per-head law of {@code v = sᵀKs}, {@code s = softmax(p̊)},
 * {@code p̊ ~ N(0, c·K)} with {@code c = σ_Q²σ_K²K_11} (Example 3.1, one row of one head).
 *
 * <p><b>Dimension reduction.</b> Softmax is invariant under {@code p ↦ p + t·1}, so only the projection
 * {@code Pp}, {@code P = I − 11ᵀ/s}, matters. {@code Pp ~ N(0, c·PKP)}; with the eigenpairs
 * {@code (λ_i, e_i)} of {@code PKP} (at most {@code s − 1} non-zero), {@code Pp = Σ_i √(cλ_i) z_i e_i} with
 * {@code z} standard normal in {@code r ≤ s − 1} dimensions.
 *
 * <p><b>Rules.</b> For {@code r ≤ 4}: tensor Gauss–Hermite ({@link HermiteRule}).
 * The integrand is analytic, so the rule converges geometrically; the order grows until two successive
 * orders agree on {@code E[v]} and {@code E[v²]} to {@value #TARGET} (relative), and that difference is
 * the error estimate. For {@code r ≥ 5} (e.g. s = 10) tensor rules are too large and sparse grids lose
 * positivity of the weights, so randomised quasi-Monte Carlo is used: a Sobol sequence with
 * {@value #SHIFTS} independent Cranley–Patterson random shifts (fixed seed, so deterministic); the error
 * estimate is 3 standard errors of the shift means ({@link Rqmc}). When the tokens are exchangeable ({@code K = λI + o11ᵀ}, the paper's
 * inputs) the moments come instead from the exact one-dimensional reduction {@link ExchangeableMoments}
 * (relative error ~1e-12 at s = 10), and the quasi-Monte Carlo nodes serve only the density and CDF.
 */
final class HeadQuadrature {

    /** Relative agreement of two successive orders at which the tensor rule stops. */
    static final double TARGET = 1e-10;
    /** Largest order per dimension for r = 1..4 (keeps a call well under a second). */
    private static final int[] MAX_ORDER = {0, 600, 160, 64, 24};
    private static final int MAX_TENSOR_DIMENSION = 4;
    static final int SHIFTS = 16;
    private static final int QMC_POINTS = 1 << 14;
    private static final long QMC_SEED = 20240601L;

    /**
     * Result: the finer and the coarser approximations, how they were obtained, and the estimated
     * relative error of the moments of the finer one.
     */
    record Result(HeadLaw fine, HeadLaw coarse, String method, double relativeError, double m1, double m2) {
        Result(HeadLaw fine, HeadLaw coarse, String method, double relativeError) {
            this(fine, coarse, method, relativeError, fine.mean(), fine.secondMoment());
        }
    }

    private final double[][] gram;
    private final double[][] directions;   // r vectors of length s, already scaled by √(cλ_i)
    private final int tokens;

    private HeadQuadrature(double[][] gram, double scoreScale) {
        this.gram = gram;
        this.tokens = gram.length;
        double c = scoreScale * gram[0][0];
        // P K P with P = I − 11ᵀ/s, in O(s²): (PKP)_ij = K_ij − r_i − r_j + r̄, r the row means of K
        // (K symmetric). The direct product is O(s⁴), 10¹² operations at s = 1000.
        double[] rowMean = new double[tokens];
        double grandMean = 0;
        for (int i = 0; i < tokens; i++) {
            double sum = 0;
            for (int j = 0; j < tokens; j++) {
                sum += gram[i][j];
            }
            rowMean[i] = sum / tokens;
            grandMean += rowMean[i] / tokens;
        }
        double[][] pkp = new double[tokens][tokens];
        for (int i = 0; i < tokens; i++) {
            for (int j = 0; j < tokens; j++) {
                pkp[i][j] = gram[i][j] - rowMean[i] - rowMean[j] + grandMean;
            }
        }
        this.directions = c > 0 ? PsdRoot.principalDirections(pkp, c, 1e-13) : new double[0][];
    }

    /** Computes the per-head law for Gram {@code K} and score factor {@code σ_Q²σ_K²}. */
    static Result of(double[][] gram, double scoreScale) {
        HeadQuadrature q = new HeadQuadrature(gram, scoreScale);
        int r = q.directions.length;
        if (r == 0) {
            // Scores constant along 1 (or zero): s is uniform and v deterministic.
            HeadLaw point = new HeadLaw(new double[] {q.value(new double[0], new double[q.tokens],
                    new double[q.tokens])}, new double[] {1.0});
            return new Result(point, point, "exact (scores do not move the softmax)", 0.0);
        }
        Result law = r <= MAX_TENSOR_DIMENSION ? q.tensor(r) : null;
        if (law == null) {
            law = q.quasiMonteCarlo(r);
        }
        if (law.relativeError() > TARGET && ExchangeableMoments.applies(gram)
                && ExchangeableMoments.tau(gram, scoreScale) <= ExchangeableMoments.MAX_TAU) {
            // Moments from the exact 1-D reduction; the nodes still describe the law (pdf, cdf).
            ExchangeableMoments.Result e = ExchangeableMoments.of(gram, scoreScale);
            return new Result(law.fine(), law.coarse(), "exchangeable tokens: 1-D integrals for the moments ("
                    + "trapezoidal, error from halving the step); " + law.method() + " for pdf and cdf",
                    e.relativeError(), e.m1(), e.m2());
        }
        return law;
    }

    /** @return the dimension of the reduced score space */
    static int dimension(double[][] gram, double scoreScale) {
        return new HeadQuadrature(gram, scoreScale).directions.length;
    }

    private Result tensor(int r) {
        int order = 6;
        HeadLaw previous = tensorLaw(r, order);
        while (true) {
            int next = (int) Math.ceil(order * 1.5);
            if (next > MAX_ORDER[r]) {
                if (underResolved(order)) {
                    return null;
                }
                HeadLaw coarser = tensorLaw(r, Math.max(2, order * 2 / 3));
                return new Result(previous, coarser,
                        "tensor Gauss-Hermite, " + order + "^" + r + " nodes (order cap reached)",
                        relativeDifference(previous, coarser));
            }
            HeadLaw current = tensorLaw(r, next);
            double diff = relativeDifference(current, previous);
            order = next;
            if (diff < TARGET && !underResolved(order)) {
                // One more order: the moments barely move, but the density and CDF (which compare
                // the last two rules for their error estimate) gain two or three digits.
                int extra = (int) Math.ceil(order * 1.5);
                if (extra <= MAX_ORDER[r]) {
                    HeadLaw finer = tensorLaw(r, extra);
                    return new Result(finer, current, "tensor Gauss-Hermite, " + extra + "^" + r + " nodes",
                            relativeDifference(finer, current));
                }
                return new Result(current, previous,
                        "tensor Gauss-Hermite, " + order + "^" + r + " nodes", diff);
            }
            previous = current;
        }
    }

    /**
     * Softmax changes over score differences of order 1; near the centre, Gauss–Hermite nodes of order n
     * are about {@code π/√(2n)} apart in z, i.e. {@code scale·π/√(2n)} in score units. When that exceeds
     * 1 (huge σ_Q σ_K) every node sees a one-hot softmax, two orders agree perfectly and the agreement
     * means nothing; the caller then uses quasi-Monte Carlo, whose standard error stays honest.
     */
    private boolean underResolved(int order) {
        double scale = 0;
        for (double[] e : directions) {
            double norm = 0;
            for (double x : e) {
                norm += x * x;
            }
            scale = Math.max(scale, Math.sqrt(norm));
        }
        return scale * Math.PI / Math.sqrt(2.0 * order) > 1.0;
    }

    private static double relativeDifference(HeadLaw a, HeadLaw b) {
        return Math.max(Math.abs(a.mean() - b.mean()) / Math.abs(a.mean()),
                Math.abs(a.secondMoment() - b.secondMoment()) / Math.abs(a.secondMoment()));
    }

    private HeadLaw tensorLaw(int r, int order) {
        HermiteRule rule = HermiteRule.of(order);
        double[] x = rule.points();
        double[] w = rule.weights();
        int total = (int) Math.round(Math.pow(order, r));
        double[] values = new double[total];
        double[] weights = new double[total];
        int[] index = new int[r];
        double[] z = new double[r];
        double[] p = new double[tokens];
        double[] s = new double[tokens];
        for (int k = 0; k < total; k++) {
            double weight = 1;
            for (int i = 0; i < r; i++) {
                z[i] = x[index[i]];
                weight *= w[index[i]];
            }
            values[k] = value(z, p, s);
            weights[k] = weight;
            for (int i = 0; i < r && ++index[i] == order; i++) {
                index[i] = 0;
            }
        }
        return new HeadLaw(values, weights);
    }

    private Result quasiMonteCarlo(int r) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(QMC_SEED);
        double[][] points = Rqmc.sobol(r, QMC_POINTS);
        int total = QMC_POINTS * SHIFTS;
        double[] values = new double[total];
        double[] shiftMeans = new double[SHIFTS];
        double[] shiftSeconds = new double[SHIFTS];
        double[] z = new double[r];
        double[] p = new double[tokens];
        double[] s = new double[tokens];
        double[] shift = new double[r];
        for (int m = 0; m < SHIFTS; m++) {
            for (int i = 0; i < r; i++) {
                shift[i] = rng.nextDouble();
            }
            for (int i = 0; i < QMC_POINTS; i++) {
                Rqmc.shiftedNormals(points[i], shift, z);
                double v = value(z, p, s);
                values[m * QMC_POINTS + i] = v;
                shiftMeans[m] += v / QMC_POINTS;
                shiftSeconds[m] += v * v / QMC_POINTS;
            }
        }
        double[] weights = new double[total];
        java.util.Arrays.fill(weights, 1.0 / total);
        HeadLaw fine = new HeadLaw(values, weights);
        int half = total / 2;
        double[] halfWeights = new double[half];
        java.util.Arrays.fill(halfWeights, 1.0 / half);
        HeadLaw coarse = new HeadLaw(java.util.Arrays.copyOf(values, half), halfWeights);
        double error = Math.max(3 * Rqmc.standardError(shiftMeans) / Math.abs(fine.mean()),
                3 * Rqmc.standardError(shiftSeconds) / Math.abs(fine.secondMoment()));
        return new Result(fine, coarse, "randomised quasi-Monte Carlo (Sobol, " + SHIFTS
                + " random shifts x " + QMC_POINTS + " points; error = 3 standard errors)", error);
    }

    /** @return {@code v = sᵀKs} for the reduced coordinates {@code z} (p, s are scratch arrays) */
    private double value(double[] z, double[] p, double[] s) {
        java.util.Arrays.fill(p, 0.0);
        for (int i = 0; i < directions.length; i++) {
            double zi = z[i];
            double[] e = directions[i];
            for (int j = 0; j < tokens; j++) {
                p[j] += zi * e[j];
            }
        }
        Softmax.apply(p, s);
        return Softmax.quadratic(gram, s);
    }
}
