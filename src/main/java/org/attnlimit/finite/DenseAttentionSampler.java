package org.attnlimit.finite;

import org.attnlimit.numerics.Mutation;
import org.attnlimit.numerics.Softmax;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.random.Cancellation;
import org.attnlimit.random.ParallelSampler;

/**
 * The reference simulator: literally the network of Appendix B (Algorithm 1), with fresh weights per
 * sample.
 *
 * <ul>
 *   <li>{@code h ~ N(0, I_n)}; token inputs {@code x^i = φ(W^i h)}, {@code W^i} an n×n matrix with iid
 *       {@code N(0, 1/n)} entries, one per token (eq. (8));</li>
 *   <li>per head {@code a}: {@code q_j = W^{Q,a} x^j}, {@code k_j = W^{K,a} x^j}, {@code v_j = W^{V,a} x^j}
 *       with d×n matrices of variance {@code σ²/n}; scores {@code p^a_{1j} = c_d ⟨q_1, k_j⟩},
 *       {@code c_d = d^{-1/2}} or {@code d^{-1}} ({@link Scaling});</li>
 *   <li>{@code y^1_1 = H^{-1/2} Σ_a Σ_j softmax_j(p^a_{1·}) (W^{O,a} v_j)_1}, {@code W^{O,a}} of variance
 *       {@code σ_O²/d} (full rank d = n: Example 3.1; low rank d = d_h: Appendix B.2).</li>
 * </ul>
 *
 * <p>Cost per sample: {@code s·n² + 3·H·d·n} normals and as many multiply-adds. Weights are generated
 * row by row and used at once instead of being stored: the same numbers and arithmetic as storing them,
 * without an n×n buffer. Only row 1 of {@code W^{O,a}} is drawn, since only coordinate 1 of the
 * output is recorded (the paper's code draws all of it and discards the rest).
 */
public final class DenseAttentionSampler implements AttentionSampler {
    private final LayerSpec spec;

    private DenseAttentionSampler(LayerSpec spec) {
        this.spec = spec;
    }

    /** @return the dense simulator of {@code spec} */
    public static DenseAttentionSampler of(LayerSpec spec) {
        return new DenseAttentionSampler(spec);
    }

    @Override
    public LayerSpec spec() {
        return spec;
    }

    @Override
    public ParallelSampler.ChunkTask task(Readout readout) {
        return task(readout, Cancellation.create());
    }

    @Override
    public ParallelSampler.ChunkTask task(Readout readout, Cancellation cancellation) {
        return (rng, out, from, to) -> {
            Workspace w = new Workspace(spec, rng, cancellation);
            for (int t = from; t < to; t++) {
                out[t] = w.draw(readout, null, 0);
            }
        };
    }

    /**
     * {@inheritDoc} Here {@code V_a = (σ_O²/d)·|Σ_j s^a_j v^a_j|²}, {@code v^a_j = W^{V,a}x^j}: the variance of
     * head {@code a}'s term given the tokens, its scores and its values (only {@code W^{O,a}} left to draw).
     */
    @Override
    public double[] sampleHeadVariances(int count, ParallelSampler sampler) {
        int h = spec.heads();
        Cancellation cancellation = sampler.cancellation();
        return sampler.withChunkSize(sampler.chunkSize() * h).sample(count * h, (rng, out, from, to) -> {
            Workspace w = new Workspace(spec, rng, cancellation);
            for (int t = from; t < to; t += h) {
                w.draw(Readout.OUTPUT, out, t);
            }
        }, null);
    }

    /** Per-chunk scratch space; never shared between threads. */
    private static final class Workspace {
        private final LayerSpec spec;
        private final ZigguratSampler.NormalizedGaussian normal;
        private final int n;
        private final int s;
        private final int d;
        private final double[] h;
        private final double[][] x;
        private final double[] q1;
        private final double[] row;
        private final double[][] v;
        private final double[] p;
        private final double[] u;
        private final double[] w;

        private final Cancellation cancellation;

        Workspace(LayerSpec spec, UniformRandomProvider rng, Cancellation cancellation) {
            this.spec = spec;
            this.cancellation = cancellation;
            this.normal = ZigguratSampler.NormalizedGaussian.of(rng);
            this.n = spec.width();
            this.s = spec.tokens();
            this.d = spec.headDim();
            this.h = new double[n];
            this.x = new double[s][n];
            this.q1 = new double[d];
            this.row = new double[n];
            this.v = new double[s][d];
            this.p = new double[s];
            this.u = new double[s];
            this.w = new double[s];
        }

        /**
         * @param heads where to write each head's conditional variance {@code V_a} (from {@code offset}; null: not
         *     recorded)
         * @return one draw of {@code readout}
         */
        double draw(Readout readout, double[] heads, int offset) {
            double invSqrtN = 1.0 / Math.sqrt(n);
            for (int b = 0; b < n; b++) {
                h[b] = normal.sample();
            }
            for (int i = 0; i < s; i++) {
                for (int a = 0; a < n; a++) {
                    x[i][a] = spec.phi().apply(invSqrtN * dotWithFreshRow(h));
                }
            }
            double sum = 0;
            boolean sharedScores = Mutation.FINITE_SHARED_HEAD_SCORES.planted();
            for (int head = 0; head < spec.heads(); head++) {
                if (head == 0 || !sharedScores) {
                    headScores();
                }
                if (readout != Readout.OUTPUT) {
                    return readout == Readout.SCORE_11 ? p[0] : p[1];
                }
                headValues();
                sum += Softmax.dot(p, u, s);
                if (heads != null) {
                    heads[offset + head] = headVariance();
                }
            }
            return sum / (Mutation.HEADS_OVER_H.planted() ? spec.heads() : Math.sqrt(spec.heads()));
        }

        /** Scores {@code p_{1j} = c_d ⟨W^Q x^1, W^K x^j⟩}. */
        private void headScores() {
            double sq = spec.sigmaQ() / Math.sqrt(n);
            double sk = spec.sigmaK() / Math.sqrt(n);
            for (int a = 0; a < d; a++) {
                q1[a] = sq * dotWithFreshRow(x[0]);
            }
            java.util.Arrays.fill(p, 0.0);
            for (int a = 0; a < d; a++) {
                freshRow();
                for (int j = 0; j < s; j++) {
                    p[j] += q1[a] * sk * dot(row, x[j]);
                }
            }
            double c = spec.scaling().factor(d);
            for (int j = 0; j < s; j++) {
                p[j] *= c;
            }
        }

        /** Values {@code u_j = (W^O W^V x^j)_1}, with only row 1 of {@code W^O} drawn. */
        private void headValues() {
            double sv = spec.sigmaV() / Math.sqrt(n);
            for (int a = 0; a < d; a++) {
                freshRow();
                for (int j = 0; j < s; j++) {
                    v[j][a] = sv * dot(row, x[j]);
                }
            }
            java.util.Arrays.fill(u, 0.0);
            double so = spec.sigmaO() / Math.sqrt(d);
            for (int a = 0; a < d; a++) {
                double w = so * normal.sample();
                for (int j = 0; j < s; j++) {
                    u[j] += w * v[j][a];
                }
            }
        }

        /** @return {@code (σ_O²/d)·|Σ_j w_j v_j|²}, {@code w = softmax(p)}: the head's variance given its values */
        private double headVariance() {
            Softmax.apply(p, w);
            double acc = 0;
            for (int a = 0; a < d; a++) {
                double t = 0;
                for (int j = 0; j < s; j++) {
                    t += w[j] * v[j][a];
                }
                acc += t * t;
            }
            return spec.sigmaO() * spec.sigmaO() / d * acc;
        }

        // Each row is n normals (10^5 at n = 10^5, and s·n + … rows per sample): checking for Ctrl-C per
        // row keeps a sample of many seconds interruptible, at the cost of one volatile read per row.
        /**
         * Abandons the chunk (not counted: the result stays a completed prefix) once the run is cancelled or its
         * thread interrupted (a caller that gave up on it, e.g. a test past its time limit).
         */
        private void checkCancelled() {
            if (cancellation.isCancelled() || Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("cancelled");
            }
        }

        private void freshRow() {
            checkCancelled();
            for (int b = 0; b < n; b++) {
                row[b] = normal.sample();
            }
        }

        private double dotWithFreshRow(double[] vec) {
            checkCancelled();
            double acc = 0;
            for (int b = 0; b < n; b++) {
                acc += normal.sample() * vec[b];
            }
            return acc;
        }

        private static double dot(double[] a, double[] b) {
            double acc = 0;
            for (int i = 0; i < a.length; i++) {
                acc += a[i] * b[i];
            }
            return acc;
        }
    }
}
