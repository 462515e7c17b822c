package org.attnlimit.numerics;

import org.hipparchus.random.SobolSequenceGenerator;
import org.hipparchus.special.Erf;

/**
 * Randomised quasi-Monte Carlo for Gaussian expectations {@code E[f(Z)]}, {@code Z ~ N(0, I_r)}: Sobol points
 * (Hipparchus' generator, the origin skipped) under independent Cranley–Patterson random shifts
 * {@code u ↦ (u + Δ) mod 1}, mapped to normals coordinate-wise by {@link #inverseNormal}. The mean over each
 * shift is an unbiased estimate, so the spread of the shift means gives an honest standard error
 * ({@link #standardError}). Hipparchus has the Sobol generator but no RQMC driver, hence this class; the one
 * place of attnlimit where points are shifted and mapped and where {@code Φ⁻¹} is written (the head
 * quadrature, the score nodes, the Remark 3.2 check, the nested law). The random shifts are drawn by the
 * caller, from its own seeded stream.
 */
public final class Rqmc {
    private static final double SQRT2 = Math.sqrt(2.0);

    private Rqmc() {
    }

    /**
     * {@code Φ⁻¹(u) = −√2 erfc⁻¹(2u)}, accurate in both tails; {@code u} is clamped to
     * {@code [1e-300, 1 − 1e-16]} so that a shifted point at 0 or 1 maps to a finite value.
     *
     * @param u a probability
     * @return the standard normal quantile
     */
    public static double inverseNormal(double u) {
        double uu = Math.min(Math.max(u, 1e-300), 1 - 1e-16);
        return -SQRT2 * Erf.erfcInv(2 * uu);
    }

    /**
     * @param dimension the dimension {@code r ≥ 1}
     * @param count the number of points
     * @return the first {@code count} points of the {@code r}-dimensional Sobol sequence after the origin
     */
    public static double[][] sobol(int dimension, int count) {
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(dimension);
        sobol.nextVector();   // skip the origin
        double[][] points = new double[count][];
        for (int i = 0; i < count; i++) {
            points[i] = sobol.nextVector();
        }
        return points;
    }

    /**
     * Writes {@code z_d = Φ⁻¹((u_d + Δ_d) mod 1)} for {@code d < z.length}: a shifted point mapped to
     * {@code N(0, I)}.
     *
     * @param point the point {@code u} (at least {@code z.length} coordinates)
     * @param shift the random shift {@code Δ}
     * @param z where the normals go
     */
    public static void shiftedNormals(double[] point, double[] shift, double[] z) {
        for (int d = 0; d < z.length; d++) {
            double u = point[d] + shift[d];
            u -= Math.floor(u);
            z[d] = inverseNormal(u);
        }
    }

    /**
     * @param shiftMeans the estimates of the independent shifts (at least 2)
     * @return the standard error of their mean, {@code √(Σ(m_k − m̄)² / ((K − 1) K))}
     */
    public static double standardError(double[] shiftMeans) {
        double mean = 0;
        for (double v : shiftMeans) {
            mean += v / shiftMeans.length;
        }
        double ss = 0;
        for (double v : shiftMeans) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (shiftMeans.length - 1) / shiftMeans.length);
    }
}
