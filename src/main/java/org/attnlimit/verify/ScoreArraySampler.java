package org.attnlimit.verify;

import org.attnlimit.numerics.PsdRoot;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.random.Bartlett;
import org.attnlimit.random.ParallelSampler;

/**
 * Exact draws of a {@link ScoreArray} at width {@code n}. Given the inputs {@code x}, the coordinates of
 * the MatMul outputs are iid across {@code α}: for each {@code α} the tuple {@code (g^a_α)_a} is centred
 * Gaussian with covariance {@code Ĉ(a,b) = σ_W² x^a·x^b / n} for a shared matrix and 0 otherwise (rows of
 * distinct or equal matrices are independent Gaussians). So a draw needs the inputs ({@code O(n m)}) and
 * then as many Gaussian rows as coordinates are wanted, never an {@code n × n} matrix.
 */
final class ScoreArraySampler {

    /**
     * Draws of {@code (X_{n,1}, X_{n,2})}, {@code X_{n,α} = Σ_k t_k g^{k,1}_α g^{k,2}_α}, and of the
     * conditional second moment {@code S = E[X_{n,1}² | x]} (Isserlis in {@code Ĉ}).
     *
     * @param x1 {@code X_{n,1}}
     * @param x2 {@code X_{n,2}}
     * @param conditional {@code S}
     */
    record Pairs(double[] x1, double[] x2, double[] conditional) {
    }

    private ScoreArraySampler() {
    }

    static Pairs pairs(ScoreArray array, double[] t, int n, int count, ParallelSampler sampler) {
        double[] flat = sampler.sample(3 * count, (rng, out, from, to) -> {
            Workspace w = new Workspace(array, rng);
            for (int i = from; i < to; i += 3) {
                w.drawInputs(n);
                w.rowFactor();
                out[i] = w.x(t);
                out[i + 1] = w.x(t);
                out[i + 2] = w.conditionalSecondMoment(t);
            }
        }, null);
        double[][] parts = new double[3][count];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < 3; j++) {
                parts[j][i] = flat[3 * i + j];
            }
        }
        return new Pairs(parts[0], parts[1], parts[2]);
    }

    /** @return {@code count × r} draws of the scores {@code p_k = n^{-1/2} Σ_α g^{k,1}_α g^{k,2}_α} */
    static double[][] scores(ScoreArray array, int n, int count, ParallelSampler sampler) {
        return scores(array, n, count, sampler, true);
    }

    /**
     * @param wishart draw the scores as entries of a Wishart matrix (O(v³)) when {@code n ≥ v}; otherwise (and
     *     for the test that the two agree in law) coordinate by coordinate, O(n v²)
     */
    static double[][] scores(ScoreArray array, int n, int count, ParallelSampler sampler, boolean wishart) {
        int r = array.scoreCount();
        double[] flat = sampler.sample(r * count, (rng, out, from, to) -> {
            Workspace w = new Workspace(array, rng);
            for (int i = from; i < to; i += r) {
                w.drawInputs(n);
                w.rowFactor();
                w.scores(n, out, i, wishart);
            }
        }, null);
        double[][] p = new double[count][r];
        for (int i = 0; i < count; i++) {
            System.arraycopy(flat, r * i, p[i], 0, r);
        }
        return p;
    }

    /** @return {@code count × m × m} draws of the empirical Gram {@code x^a·x^b / n}, flattened per draw */
    static double[][] grams(ScoreArray array, int n, int count, ParallelSampler sampler) {
        int m = array.inputs();
        double[] flat = sampler.sample(m * m * count, (rng, out, from, to) -> {
            Workspace w = new Workspace(array, rng);
            for (int i = from; i < to; i += m * m) {
                w.drawInputs(n);
                for (int a = 0; a < m; a++) {
                    System.arraycopy(w.gram[a], 0, out, i + a * m, m);
                }
            }
        }, null);
        double[][] g = new double[count][m * m];
        for (int i = 0; i < count; i++) {
            System.arraycopy(flat, m * m * i, g[i], 0, m * m);
        }
        return g;
    }

    /** Per-chunk scratch space: one stream, one Gaussian sampler, no sharing between threads. */
    private static final class Workspace {
        private final ScoreArray array;
        private final ZigguratSampler.NormalizedGaussian gauss;
        private final double[][] inputFactor;
        private final double[][] gram;
        private final double[][] chat;
        private final double[][] rowFactor;
        private final double[] z;
        private final double[] h;
        private final double[] g;

        private final UniformRandomProvider rng;
        private final double[][] bartlett;
        private final double[][] rt;
        private Bartlett chi;
        private int chiWidth = -1;

        Workspace(ScoreArray array, UniformRandomProvider rng) {
            this.array = array;
            this.rng = rng;
            this.bartlett = new double[array.vectors()][array.vectors()];
            this.rt = new double[array.vectors()][array.vectors()];
            this.gauss = ZigguratSampler.NormalizedGaussian.of(rng);
            int m = array.inputs();
            int v = array.vectors();
            this.inputFactor = PsdRoot.cholesky(array.inputCorrelation());
            this.gram = new double[m][m];
            this.chat = new double[v][v];
            this.rowFactor = new double[v][v];
            this.z = new double[Math.max(m, v)];
            this.h = new double[m];
            this.g = new double[v];
        }

        /** Draws the inputs {@code x^a = φ(h^a)} at width {@code n} and their Gram {@code x^a·x^b/n}. */
        void drawInputs(int n) {
            int m = gram.length;
            for (double[] row : gram) {
                java.util.Arrays.fill(row, 0);
            }
            for (int alpha = 0; alpha < n; alpha++) {
                for (int a = 0; a < m; a++) {
                    z[a] = gauss.sample();
                }
                for (int a = 0; a < m; a++) {
                    double s = 0;
                    for (int b = 0; b <= a; b++) {
                        s += inputFactor[a][b] * z[b];
                    }
                    h[a] = array.phi().apply(s);
                }
                for (int a = 0; a < m; a++) {
                    for (int b = 0; b <= a; b++) {
                        gram[a][b] += h[a] * h[b];
                    }
                }
            }
            for (int a = 0; a < m; a++) {
                for (int b = 0; b <= a; b++) {
                    gram[a][b] /= n;
                    gram[b][a] = gram[a][b];
                }
            }
        }

        /** Builds {@code Ĉ} and its Cholesky factor, the covariance of one coordinate's row given the inputs. */
        void rowFactor() {
            int v = g.length;
            for (int a = 0; a < v; a++) {
                for (int b = 0; b < v; b++) {
                    int w = array.gMatrix()[a];
                    chat[a][b] = w == array.gMatrix()[b]
                            ? array.matrixVariance()[w] * gram[array.gInput()[a]][array.gInput()[b]] : 0;
                }
            }
            PsdRoot.cholesky(chat, rowFactor);
        }

        /** Draws one coordinate's row {@code (g^a_α)_a}. */
        void row() {
            int v = g.length;
            for (int a = 0; a < v; a++) {
                z[a] = gauss.sample();
            }
            for (int a = 0; a < v; a++) {
                double s = 0;
                for (int b = 0; b <= a; b++) {
                    s += rowFactor[a][b] * z[b];
                }
                g[a] = s;
            }
        }

        double x(double[] t) {
            row();
            double s = 0;
            for (int k = 0; k < t.length; k++) {
                int[] p = array.scores()[k];
                s += t[k] * g[p[0]] * g[p[1]];
            }
            return s;
        }

        void scores(int n, double[] out, int offset, boolean wishart) {
            int r = array.scoreCount();
            int v = g.length;
            if (wishart && n >= v) {
                // Given the inputs the rows g_α ~ N(0, Ĉ) are iid, so Σ_α g_α g_αᵀ ~ Wishart_v(n, Ĉ) = (R T)(R T)ᵀ,
                // R the factor of Ĉ and T the Bartlett factor (T_ii² ~ χ²_{n−i}, N(0,1) below the diagonal):
                // the scores are its entries over √n, exactly, in O(v³) instead of O(n v²).
                if (chi == null || chiWidth != n) {
                    chiWidth = n;
                    chi = new Bartlett(v, n, rng, gauss);
                }
                chi.draw(bartlett);
                for (int i = 0; i < v; i++) {
                    for (int j = 0; j <= i; j++) {
                        double s = 0;
                        for (int k = j; k <= i; k++) {
                            s += rowFactor[i][k] * bartlett[k][j];
                        }
                        rt[i][j] = s;
                    }
                }
                double scale = 1 / Math.sqrt(n);
                for (int k = 0; k < r; k++) {
                    int[] p = array.scores()[k];
                    double s = 0;
                    for (int j = 0; j <= Math.min(p[0], p[1]); j++) {
                        s += rt[p[0]][j] * rt[p[1]][j];
                    }
                    out[offset + k] = s * scale;
                }
                return;
            }
            for (int k = 0; k < r; k++) {
                out[offset + k] = 0;
            }
            for (int alpha = 0; alpha < n; alpha++) {
                row();
                for (int k = 0; k < r; k++) {
                    int[] p = array.scores()[k];
                    out[offset + k] += g[p[0]] * g[p[1]];
                }
            }
            double scale = 1 / Math.sqrt(n);
            for (int k = 0; k < r; k++) {
                out[offset + k] *= scale;
            }
        }

        /** {@code E[X² | x] = Σ_{kl} t_k t_l (Ĉ(k1,k2)Ĉ(l1,l2) + Ĉ(k1,l1)Ĉ(k2,l2) + Ĉ(k1,l2)Ĉ(k2,l1))}. */
        double conditionalSecondMoment(double[] t) {
            double s = 0;
            int[][] sc = array.scores();
            for (int k = 0; k < t.length; k++) {
                for (int l = 0; l < t.length; l++) {
                    int k1 = sc[k][0];
                    int k2 = sc[k][1];
                    int l1 = sc[l][0];
                    int l2 = sc[l][1];
                    s += t[k] * t[l] * (chat[k1][k2] * chat[l1][l2] + chat[k1][l1] * chat[k2][l2]
                            + chat[k1][l2] * chat[k2][l1]);
                }
            }
            return s;
        }
    }
}
