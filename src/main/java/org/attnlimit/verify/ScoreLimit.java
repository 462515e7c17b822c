package org.attnlimit.verify;

/**
 * The limit covariance of the scores (Definition 3.1 (B)):
 * {@code Cov(p̊_k, p̊_l) = C(k1,l1)C(k2,l2) + C(k1,l2)C(k2,l1)}, with
 * {@code C(a,b) = σ_W² K_{x^a x^b}} when {@code g^a, g^b} share the matrix {@code W} and 0 otherwise
 * (Definition 3.1 (A), (ii)). {@link #withoutCrosswiseTerm} and {@link #scaled} build deliberately
 * wrong limits, so that tests can see a check fail.
 *
 * @param label how the limit was built
 * @param covariance {@code Σ_p̊}
 */
public record ScoreLimit(String label, double[][] covariance) {

    /** @return the limit of Definition 3.1 (B) */
    public static ScoreLimit of(ScoreArray array) {
        return build(array, true);
    }

    /** @return a wrong limit: Definition 3.1 (B) without the crosswise product {@code C(k1,l2)C(k2,l1)} */
    public static ScoreLimit withoutCrosswiseTerm(ScoreArray array) {
        return new ScoreLimit("without the crosswise term", build(array, false).covariance);
    }

    /** @return this limit with every covariance multiplied by {@code factor} */
    public ScoreLimit scaled(double factor) {
        double[][] c = new double[covariance.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = covariance[i].clone();
            for (int j = 0; j < c[i].length; j++) {
                c[i][j] *= factor;
            }
        }
        return new ScoreLimit(label + " x " + factor, c);
    }

    /** @return {@code σ² = tᵀ Σ_p̊ t} (Lemma D.5) */
    public double variance(double[] t) {
        double s = 0;
        for (int k = 0; k < t.length; k++) {
            for (int l = 0; l < t.length; l++) {
                s += t[k] * t[l] * covariance[k][l];
            }
        }
        return s;
    }

    private static ScoreLimit build(ScoreArray array, boolean crosswise) {
        double[][] k = array.kernel();
        int r = array.scoreCount();
        double[][] cov = new double[r][r];
        for (int a = 0; a < r; a++) {
            int[] p = array.scores()[a];
            for (int b = 0; b < r; b++) {
                int[] q = array.scores()[b];
                cov[a][b] = c(array, k, p[0], q[0]) * c(array, k, p[1], q[1])
                        + (crosswise ? c(array, k, p[0], q[1]) * c(array, k, p[1], q[0]) : 0);
            }
        }
        return new ScoreLimit("Definition 3.1 (B)", cov);
    }

    /** {@code C(a,b)} of Definition 3.1 (A), (ii). */
    private static double c(ScoreArray array, double[][] k, int a, int b) {
        int w = array.gMatrix()[a];
        if (w != array.gMatrix()[b]) {
            return 0;
        }
        return array.matrixVariance()[w] * k[array.gInput()[a]][array.gInput()[b]];
    }
}
