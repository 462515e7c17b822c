package org.attnlimit.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.numerics.PsdRoot;
import org.attnlimit.program.NonlinFunction;

/**
 * Draws from the hierarchical limit law of Theorem 3.1: {@code p̊ ~ N(0, C)} (Definition 3.1 (B)), the
 * G-vars {@code Z^g ~ N(μ, Σ)} independent of it (Definition 3.1 (A)), then each output
 * {@code ψ(Z^g; p̊)}. One draw reads {@code r + m} standard normals from the caller's stream, scores first,
 * so a draw depends on that stream only. Immutable; one {@link Draw} per stream.
 */
final class HierarchicalSampler {
    private final List<NonlinFunction> functions;
    private final int gCount;
    private final int pCount;
    private final double[][] gRoot;
    private final double[] mu;
    private final double[][] pRoot;
    private final int[][] gPos;
    private final int[][] pPos;

    /**
     * @param functions each output as a function of G-vars and scores
     * @param gIndex position of each G-var in {@code gMean}, {@code gCov}
     * @param gMean {@code μ}
     * @param gCov {@code Σ}
     * @param sIndex position of each score in {@code sCov}
     * @param sCov {@code C}
     */
    HierarchicalSampler(List<NonlinFunction> functions, Map<String, Integer> gIndex, double[] gMean, double[][] gCov,
            Map<String, Integer> sIndex, double[][] sCov) {
        this.functions = List.copyOf(functions);
        List<String> gs = new ArrayList<>();
        List<String> ps = new ArrayList<>();
        for (NonlinFunction f : functions) {
            f.vectors().forEach(v -> {
                if (!gs.contains(v)) {
                    gs.add(v);
                }
            });
            f.scores().forEach(v -> {
                if (!ps.contains(v)) {
                    ps.add(v);
                }
            });
        }
        int[] gi = gs.stream().mapToInt(gIndex::get).toArray();
        int[] si = ps.stream().mapToInt(sIndex::get).toArray();
        this.gRoot = PsdRoot.symmetric(Matrices.sub(gCov, gi));
        this.mu = Matrices.sub(gMean, gi);
        this.pRoot = PsdRoot.symmetric(Matrices.sub(sCov, si));
        this.gCount = gs.size();
        this.pCount = ps.size();
        int k = functions.size();
        gPos = new int[k][];
        pPos = new int[k][];
        for (int a = 0; a < k; a++) {
            gPos[a] = functions.get(a).vectors().stream().mapToInt(gs::indexOf).toArray();
            pPos[a] = functions.get(a).scores().stream().mapToInt(ps::indexOf).toArray();
        }
    }

    /** @return the number of outputs */
    int outputs() {
        return functions.size();
    }

    /** @return a drawer reading {@code stream} only */
    Draw on(UniformRandomProvider stream) {
        return new Draw(stream);
    }

    /** Draws all outputs jointly from one stream; not thread-safe (one per stream). */
    final class Draw {
        private final ZigguratSampler.NormalizedGaussian gauss;
        private final double[] zg = new double[gCount];
        private final double[] zp = new double[pCount];
        private final double[] g = new double[gCount];
        private final double[] p = new double[pCount];

        private Draw(UniformRandomProvider stream) {
            this.gauss = ZigguratSampler.NormalizedGaussian.of(stream);
        }

        /** Draws one joint sample of all outputs into {@code out} (length {@link #outputs()}). */
        void next(double[] out) {
            for (int j = 0; j < zp.length; j++) {
                zp[j] = gauss.sample();
            }
            for (int j = 0; j < zg.length; j++) {
                zg[j] = gauss.sample();
            }
            multiply(pRoot, zp, p, null);
            multiply(gRoot, zg, g, mu);
            for (int a = 0; a < out.length; a++) {
                double[] x = new double[gPos[a].length];
                double[] q = new double[pPos[a].length];
                for (int j = 0; j < x.length; j++) {
                    x[j] = g[gPos[a][j]];
                }
                for (int j = 0; j < q.length; j++) {
                    q[j] = p[pPos[a][j]];
                }
                out[a] = functions.get(a).applyAt(x, q);
            }
        }
    }

    private static void multiply(double[][] root, double[] z, double[] out, double[] mean) {
        for (int i = 0; i < out.length; i++) {
            double s = mean == null ? 0 : mean[i];
            for (int j = 0; j < z.length; j++) {
                s += root[i][j] * z[j];
            }
            out[i] = s;
        }
    }
}
