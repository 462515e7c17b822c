package org.attnlimit.limit;

import org.attnlimit.numerics.HermiteRule;
import org.attnlimit.numerics.PsdRoot;
import org.attnlimit.numerics.Rqmc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Quadrature over the limit scores {@code p̊ ~ N(0, C)} of one block (Definition 3.1 (B)) for an integrand
 * that is invariant under the softmax shifts {@code p_G ↦ p_G + t·1} of some disjoint groups {@code G}
 * (the logits of one {@code attend}): {@code E[f(p̊)] = E[f(Pp̊)]}, {@code P} the projection that removes
 * those directions, and {@code Pp̊ ~ N(0, PCP)} lives in {@code r ≤ d − #groups} dimensions
 * ({@code Pp̊ = Σ_i √λ_i z_i e_i} over the non-zero eigenpairs of {@code PCP}).
 *
 * <p>Rules, as in {@link HeadQuadrature} (which does the same for one attention row): tensor
 * Gauss–Hermite ({@link HermiteRule}) for {@code r ≤ 4}, its order grown by 1.5 until two orders agree to
 * {@value #TARGET} on the caller's error measure (that difference is the error estimate; one more order is
 * then taken for the density); otherwise — or when the nodes are too far apart to resolve the softmax —
 * randomised quasi-Monte Carlo (Sobol, {@value #SHIFTS} Cranley–Patterson shifts, fixed seed; error =
 * 3 standard errors of the shift means). The generic engine behind {@link ProgramLaw}; no library
 * provides Gaussian quadrature with this reduction, hence the code.
 */
final class ScoreNodes {
    static final double TARGET = 1e-10;
    static final int SHIFTS = 16;
    private static final int[] MAX_ORDER = {1, 600, 160, 64, 24};
    private static final long QMC_SEED = 20240601L;

    /** The integrand: writes {@code f(p)} (a vector of {@code width} numbers) into {@code out}. */
    interface Integrand {
        void eval(double[] p, double[] out);
    }

    /**
     * Nodes with their integrand values, at two resolutions, and the estimated error of the finer one.
     *
     * @param weights fine weights (sum 1)
     * @param values fine values, {@code values[k]} at node k
     * @param coarseWeights coarse weights
     * @param coarseValues coarse values
     * @param method how the nodes were made
     * @param error the caller's error measure between the two resolutions (or 3 standard errors)
     */
    record Result(double[] weights, double[][] values, double[] coarseWeights, double[][] coarseValues,
            String method, double error) {
        /** @return {@code Σ_k w_k values[k]} at the fine resolution */
        double[] sums() {
            return sums(weights, values);
        }

        static double[] sums(double[] w, double[][] v) {
            double[] s = new double[v.length == 0 ? 0 : v[0].length];
            for (int k = 0; k < w.length; k++) {
                for (int i = 0; i < s.length; i++) {
                    s[i] += w[k] * v[k][i];
                }
            }
            return s;
        }
    }

    private final int d;
    private final double[][] directions;   // r vectors of length d, scaled by √λ

    /**
     * @param cov the covariance of the block's scores ({@code d×d})
     * @param groups disjoint index sets along whose all-ones direction the integrand is invariant
     */
    ScoreNodes(double[][] cov, List<int[]> groups) {
        this.d = cov.length;
        double[][] proj = new double[d][d];
        for (int i = 0; i < d; i++) {
            proj[i][i] = 1;
        }
        for (int[] g : groups) {
            for (int a : g) {
                for (int b : g) {
                    proj[a][b] -= 1.0 / g.length;
                }
            }
        }
        double[][] pcp = new double[d][d];
        double[][] pc = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int a = 0; a < d; a++) {
                    s += proj[i][a] * cov[a][j];
                }
                pc[i][j] = s;
            }
        }
        double top = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int a = 0; a < d; a++) {
                    s += pc[i][a] * proj[j][a];
                }
                pcp[i][j] = s;
            }
            top = Math.max(top, Math.abs(cov[i][i]));
        }
        List<double[]> dirs = new ArrayList<>();
        if (d > 0 && top > 0) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    double m = 0.5 * (pcp[i][j] + pcp[j][i]);
                    pcp[i][j] = m;
                    pcp[j][i] = m;
                }
            }
            dirs.addAll(java.util.Arrays.asList(PsdRoot.principalDirections(pcp, 1, 1e-13)));
        }
        this.directions = dirs.toArray(new double[0][]);
    }

    /** @return the dimension {@code r} of the reduced score space */
    int dimension() {
        return directions.length;
    }

    /** @return the scores {@code p = Σ_i z_i √λ_i e_i} for reduced coordinates {@code z} */
    void scores(double[] z, double[] p) {
        Arrays.fill(p, 0.0);
        for (int i = 0; i < directions.length; i++) {
            double zi = z[i];
            double[] e = directions[i];
            for (int j = 0; j < d; j++) {
                p[j] += zi * e[j];
            }
        }
    }

    /**
     * Integrates {@code f} over the block's scores.
     *
     * @param width the length of {@code f}'s output
     * @param error the error measure between a finer and a coarser vector of integrals
     * @param maxNodes the largest tensor rule allowed (the integrand's cost decides)
     */
    Result integrate(Integrand f, int width, BiFunction<double[], double[], Double> error, int maxNodes) {
        int r = directions.length;
        if (r == 0) {
            double[] out = new double[width];
            f.eval(new double[d], out);
            double[][] v = {out};
            return new Result(new double[] {1}, v, new double[] {1}, v,
                    "exact (the scores do not move the integrand)", 0.0);
        }
        if (r <= 4) {
            Result t = tensor(f, width, error, maxNodes);
            if (t != null) {
                return t;
            }
        }
        return quasiMonteCarlo(f, width, error);
    }

    private Result tensor(Integrand f, int width, BiFunction<double[], double[], Double> error, int maxNodes) {
        int r = directions.length;
        int cap = Math.min(MAX_ORDER[r], (int) Math.floor(Math.pow(maxNodes, 1.0 / r)));
        int order = 6;
        if (order > cap) {
            return null;
        }
        Result previous = tensorRule(f, width, order);
        while (true) {
            int next = (int) Math.ceil(order * 1.5);
            if (next > cap) {
                if (underResolved(order)) {
                    return null;
                }
                Result coarser = tensorRule(f, width, Math.max(2, order * 2 / 3));
                double e = error.apply(previous.sums(), coarser.sums());
                return new Result(previous.weights(), previous.values(), coarser.weights(), coarser.values(),
                        "tensor Gauss-Hermite, " + order + "^" + r + " nodes (order cap reached)", e);
            }
            Result current = tensorRule(f, width, next);
            double diff = error.apply(current.sums(), previous.sums());
            order = next;
            if (diff < TARGET && !underResolved(order)) {
                int extra = (int) Math.ceil(order * 1.5);
                if (extra <= cap) {
                    Result finer = tensorRule(f, width, extra);
                    return new Result(finer.weights(), finer.values(), current.weights(), current.values(),
                            "tensor Gauss-Hermite, " + extra + "^" + r + " nodes",
                            error.apply(finer.sums(), current.sums()));
                }
                return new Result(current.weights(), current.values(), previous.weights(), previous.values(),
                        "tensor Gauss-Hermite, " + order + "^" + r + " nodes", diff);
            }
            previous = current;
        }
    }

    /** As in {@link HeadQuadrature}: nodes {@code π/√(2n)} apart see a one-hot softmax when the scale is huge. */
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

    private Result tensorRule(Integrand f, int width, int order) {
        int r = directions.length;
        HermiteRule rule = HermiteRule.of(order);
        double[] x = rule.points();
        double[] w = rule.weights();
        int total = (int) Math.round(Math.pow(order, r));
        double[] weights = new double[total];
        double[][] values = new double[total][width];
        int[] index = new int[r];
        double[] z = new double[r];
        double[] p = new double[d];
        for (int k = 0; k < total; k++) {
            double weight = 1;
            for (int i = 0; i < r; i++) {
                z[i] = x[index[i]];
                weight *= w[index[i]];
            }
            scores(z, p);
            f.eval(p, values[k]);
            weights[k] = weight;
            for (int i = 0; i < r && ++index[i] == order; i++) {
                index[i] = 0;
            }
        }
        return new Result(weights, values, weights, values, "", 0);
    }

    private Result quasiMonteCarlo(Integrand f, int width, BiFunction<double[], double[], Double> error) {
        int r = directions.length;
        int points = r <= 12 ? 1 << 14 : 1 << 13;
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(QMC_SEED);
        double[][] base = Rqmc.sobol(r, points);
        int total = points * SHIFTS;
        double[][] values = new double[total][width];
        double[][] shiftMeans = new double[SHIFTS][width];
        double[] z = new double[r];
        double[] p = new double[d];
        double[] shift = new double[r];
        for (int m = 0; m < SHIFTS; m++) {
            for (int i = 0; i < r; i++) {
                shift[i] = rng.nextDouble();
            }
            for (int i = 0; i < points; i++) {
                Rqmc.shiftedNormals(base[i], shift, z);
                scores(z, p);
                double[] out = values[m * points + i];
                f.eval(p, out);
                for (int k = 0; k < width; k++) {
                    shiftMeans[m][k] += out[k] / points;
                }
            }
        }
        double[] weights = new double[total];
        Arrays.fill(weights, 1.0 / total);
        int half = total / 2;
        double[] hw = new double[half];
        Arrays.fill(hw, 1.0 / half);
        // Error: 3 standard errors of the shift means, measured by the caller's scale (mean ± 3 SE).
        double[] mean = new double[width];
        for (double[] sm : shiftMeans) {
            for (int k = 0; k < width; k++) {
                mean[k] += sm[k] / SHIFTS;
            }
        }
        double[] upper = mean.clone();
        for (int k = 0; k < width; k++) {
            double ss = 0;
            for (double[] sm : shiftMeans) {
                ss += (sm[k] - mean[k]) * (sm[k] - mean[k]);
            }
            upper[k] += 3 * Math.sqrt(ss / (SHIFTS - 1) / SHIFTS);
        }
        return new Result(weights, values, hw, Arrays.copyOf(values, half),
                "randomised quasi-Monte Carlo (Sobol, " + SHIFTS + " random shifts x " + points
                        + " points in " + r + " dimensions; error = 3 standard errors)",
                error.apply(upper, mean));
    }
}
