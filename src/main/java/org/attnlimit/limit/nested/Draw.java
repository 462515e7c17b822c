package org.attnlimit.limit.nested;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.numerics.PsdRoot;
import org.attnlimit.numerics.Softmax;
import org.attnlimit.program.Expr;

/**
 * One draw of the nested hierarchy (the conjecture of {@link NestedLaw}): given standard normal numbers
 * {@code z} (one per {@code 1/√n} score, in program order), the scores level by level and every vector's
 * value given them. Level ℓ's scores come from an incremental Cholesky factor of their conditional
 * covariance, {@code Cov(p̊_k, p̊_l | above) = C(k1,l1)C(k2,l2) + C(k1,l2)C(k2,l1)} (Definition 3.1 (B))
 * with {@code C} the conditional G-var covariance — or, in the unconditional variant, of a fixed covariance
 * given by the caller. Not thread-safe: one per thread, reused across draws.
 */
final class Draw {
    private final Hierarchy h;
    final Val[] vals;
    final double[] scores;
    private final double[][] blockCov;
    private final double[][][] levelL;
    private final int[][] levelZ;
    private final int[][] levelQ;
    private final int[][] levelK;
    /** Fixed lower factors for levels ≥ 2 (the unconditional variant), or {@code null}. */
    private final double[][][] fixedL;
    /** Averaged Gram blocks (the averaged-kernel alternative), or {@code null}. */
    double[][] fixedBlocks;
    /** When non-null, the conditional score covariances of each level are recorded here. */
    double[][][] recordedCov;
    private long[] memoKeys = new long[256];
    private double[] memoValues = new double[256];
    private int memoCount;
    private final double[] scatterG;
    private final double[] scatterX;
    private final int[] touchedG;
    private final int[] touchedX;
    private final boolean free;
    /** The memo as it stood after {@link #runPrefix}: restored before each {@link #runSuffix}. */
    private long[] prefixKeys;
    private double[] prefixValues;
    private int prefixCount;
    /** Whether the last level's Cholesky factor of this prefix is computed (it does not depend on the suffix's normals). */
    private boolean lastFactorReady;

    Draw(Hierarchy h, boolean free) {
        this(h, free, null);
    }

    Draw(Hierarchy h, boolean free, double[][][] fixedL) {
        this.h = h;
        this.free = free;
        this.fixedL = fixedL;
        vals = new Val[h.slotCount()];
        scores = new double[h.scoreSlots.size()];
        blockCov = new double[h.blockSize == null ? 0 : h.blockSize.length][];
        for (int b = 0; b < blockCov.length; b++) {
            blockCov[b] = new double[h.blockSize[b] * h.blockSize[b]];
        }
        int levels = h.levelSize == null ? 0 : h.levels;
        levelL = new double[levels][][];
        levelZ = new int[levels][];
        levelQ = new int[levels][];
        levelK = new int[levels][];
        for (int l = 0; l < levels; l++) {
            int m = h.levelSize[l];
            levelL[l] = new double[m][m];
            levelZ[l] = new int[m];
            levelQ[l] = new int[m];
            levelK[l] = new int[m];
        }
        scatterG = new double[h.nG];
        Arrays.fill(memoKeys, -1L);
        scatterX = new double[Math.max(0, h.nX)];
        touchedG = new int[h.nG];
        touchedX = new int[Math.max(1, h.nX)];
    }

    /** Evaluates a score-free Nonlin while the hierarchy is compiled: affine → Lin, else opaque {@code x}. */
    Val evaluateFree(Hierarchy.NonlinOp op, int xIndex) {
        for (int i = 0; i < h.ops.size(); i++) {
            if (h.ops.get(i) instanceof Hierarchy.Fixed f && vals[f.slot()] == null) {
                vals[f.slot()] = f.value();
            }
        }
        Val v = eval(op.expr());
        if (v instanceof Val.Lin lin) {
            vals[op.slot()] = lin;
        } else if (v instanceof Val.Scalar sc) {
            vals[op.slot()] = new Val.Lin(sc.c(), Val.Lin.NONE, Val.Lin.ZERO, Val.Lin.NONE, Val.Lin.ZERO);
        } else {
            vals[op.slot()] = Val.Lin.opaque(xIndex);
        }
        return vals[op.slot()];
    }

    /** Runs every statement given the normals {@code z} (length {@link Hierarchy#dims}). */
    void run(double[] z) {
        if (memoCount > 0) {
            Arrays.fill(memoKeys, -1L);
            memoCount = 0;
        }
        lastFactorReady = false;
        runOps(z, 0, h.ops.size());
    }

    /**
     * Runs the statements before {@link Hierarchy#lastLevelStart} (they do not read the last level's normals) and
     * keeps the memo of conditional moments they leave, for {@link #runSuffix}.
     */
    void runPrefix(double[] z) {
        if (memoCount > 0) {
            Arrays.fill(memoKeys, -1L);
            memoCount = 0;
        }
        lastFactorReady = false;
        runOps(z, 0, h.lastLevelStart);
        if (prefixKeys == null || prefixKeys.length != memoKeys.length) {
            prefixKeys = new long[memoKeys.length];
            prefixValues = new double[memoKeys.length];
        }
        System.arraycopy(memoKeys, 0, prefixKeys, 0, memoKeys.length);
        System.arraycopy(memoValues, 0, prefixValues, 0, memoKeys.length);
        prefixCount = memoCount;
    }

    /**
     * Runs the statements from {@link Hierarchy#lastLevelStart} on, after {@link #runPrefix} with the same outer
     * normals: only the last level's entries of {@code z} may differ between calls. The memo entries of the
     * previous suffix (which may involve vectors that depend on the last level) are dropped first.
     */
    void runSuffix(double[] z) {
        if (memoKeys.length != prefixKeys.length) {
            // an earlier suffix grew the memo: re-insert the prefix's entries at the new size (rare)
            long[] keys = prefixKeys;
            double[] values = prefixValues;
            prefixKeys = new long[memoKeys.length];
            prefixValues = new double[memoKeys.length];
            Arrays.fill(prefixKeys, -1L);
            int mask = prefixKeys.length - 1;
            for (int j = 0; j < keys.length; j++) {
                if (keys[j] != -1L) {
                    int i = (int) (keys[j] * 0x9E3779B97F4A7C15L >>> 40) & mask;
                    while (prefixKeys[i] != -1L) {
                        i = (i + 1) & mask;
                    }
                    prefixKeys[i] = keys[j];
                    prefixValues[i] = values[j];
                }
            }
        }
        System.arraycopy(prefixKeys, 0, memoKeys, 0, prefixKeys.length);
        System.arraycopy(prefixValues, 0, memoValues, 0, prefixKeys.length);
        memoCount = prefixCount;
        runOps(z, h.lastLevelStart, h.ops.size());
        lastFactorReady = true;
    }

    private void runOps(double[] z, int from, int to) {
        for (int o = from; o < to; o++) {
            Hierarchy.Op op = h.ops.get(o);
            if (op instanceof Hierarchy.Fixed f) {
                vals[f.slot()] = f.value();
            } else if (op instanceof Hierarchy.MatMulOp m) {
                matMul(m);
            } else if (op instanceof Hierarchy.ScoreOp s) {
                score(s, z);
            } else if (op instanceof Hierarchy.NonlinOp n) {
                vals[n.slot()] = eval(n.expr());
            }
        }
    }

    private void matMul(Hierarchy.MatMulOp m) {
        int k = h.blockSize[m.block()];
        double[] c = blockCov[m.block()];
        int j = m.local();
        if (fixedBlocks != null) {
            double[] f = fixedBlocks[m.block()];
            for (int i = 0; i <= j; i++) {
                c[j * k + i] = f[j * k + i];
                c[i * k + j] = f[i * k + j];
            }
            vals[m.slot()] = Val.Lin.gVar(m.g());
            return;
        }
        for (int i = 0; i < j; i++) {
            double v = m.sigma2() * second(m.in(), m.earlierIns()[i]);
            c[j * k + i] = v;
            c[i * k + j] = v;
        }
        c[j * k + j] = m.sigma2() * second(m.in(), m.in());
        vals[m.slot()] = Val.Lin.gVar(m.g());
    }

    private void score(Hierarchy.ScoreOp s, double[] z) {
        if (s.z() < 0) {
            scores[s.score()] = 0;   // a 1/n score tends to 0
            return;
        }
        int l = s.level() - 1;
        int pos = s.pos();
        levelZ[l][pos] = s.z();
        levelQ[l][pos] = s.query();
        levelK[l][pos] = s.key();
        double[][] lower = levelL[l];
        if (fixedL != null && l >= 1) {
            lower = fixedL[l];
        } else if (lastFactorReady && l == h.levels - 1) {
            // the last level's factor depends on the prefix only: computed by the first suffix run
        } else {
            double[] row = lower[pos];
            for (int i = 0; i <= pos; i++) {
                double c = gCov(s.query(), levelQ[l][i]) * gCov(s.key(), levelK[l][i])
                        + gCov(s.query(), levelK[l][i]) * gCov(s.key(), levelQ[l][i]);
                if (recordedCov != null) {
                    recordedCov[l][pos][i] = c;
                    recordedCov[l][i][pos] = c;
                }
                double sum = c;
                for (int m = 0; m < i; m++) {
                    sum -= row[m] * lower[i][m];
                }
                if (i < pos) {
                    double d = lower[i][i];
                    row[i] = d > 1e-150 ? sum / d : 0;
                } else {
                    row[i] = Math.sqrt(Math.max(0, sum));
                }
            }
        }
        double p = 0;
        double[] row = lower[pos];
        for (int i = 0; i <= pos; i++) {
            p += row[i] * z[levelZ[l][i]];
        }
        scores[s.score()] = p;
    }

    /** @return the conditional Gram blocks of the matrices that multiply score-dependent vectors (live arrays) */
    double[][] blocks() {
        return blockCov;
    }

    /** @return the conditional covariance of two G-vars */
    double gCov(int a, int b) {
        if (a < h.n0 && b < h.n0) {
            return h.cov0[a][b];
        }
        int ba = h.gBlock[a];
        if (a < h.n0 || b < h.n0 || ba != h.gBlock[b]) {
            return 0;
        }
        return blockCov[ba][h.gLocal[a] * h.blockSize[ba] + h.gLocal[b]];
    }

    /** @return {@code E[Z^a Z^b | scores]} for two vector slots (memoised within the draw) */
    double second(int a, int b) {
        long key = a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
        int mask = memoKeys.length - 1;
        int i = (int) (key * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (memoKeys[i] != -1L) {
            if (memoKeys[i] == key) {
                return memoValues[i];
            }
            i = (i + 1) & mask;
        }
        double v = product(vals[a], vals[b]);
        if (2 * (memoCount + 1) > memoKeys.length) {
            growMemo();
            i = (int) (key * 0x9E3779B97F4A7C15L >>> 40) & (memoKeys.length - 1);
            while (memoKeys[i] != -1L) {
                i = (i + 1) & (memoKeys.length - 1);
            }
        }
        memoKeys[i] = key;
        memoValues[i] = v;
        memoCount++;
        return v;
    }

    private void growMemo() {
        long[] keys = memoKeys;
        double[] values = memoValues;
        memoKeys = new long[keys.length * 2];
        memoValues = new double[keys.length * 2];
        Arrays.fill(memoKeys, -1L);
        int mask = memoKeys.length - 1;
        for (int j = 0; j < keys.length; j++) {
            if (keys[j] != -1L) {
                int i = (int) (keys[j] * 0x9E3779B97F4A7C15L >>> 40) & mask;
                while (memoKeys[i] != -1L) {
                    i = (i + 1) & mask;
                }
                memoKeys[i] = keys[j];
                memoValues[i] = values[j];
            }
        }
    }

    // ------------------------------------------------------------------ moments of values

    /** @return {@code E[V]} */
    double mean(Val v) {
        if (v instanceof Val.Scalar s) {
            return s.c();
        } else if (v instanceof Val.Lin l) {
            double m = l.m();
            for (int i = 0; i < l.g().length; i++) {
                m += l.a()[i] * h.gMean[l.g()[i]];
            }
            for (int i = 0; i < l.x().length; i++) {
                m += l.b()[i] * h.xMean[l.x()[i]];
            }
            return m;
        }
        Val.Nl n = (Val.Nl) v;
        return expectNl(n, 1)[0];
    }

    /** @return {@code Cov(U, V)} for two affine values */
    double cov(Val.Lin u, Val.Lin v) {
        double s = 0;
        int[] vg = v.g();
        for (int i = 0; i < vg.length; i++) {
            scatterG[vg[i]] = v.a()[i];
        }
        int[] vx = v.x();
        for (int i = 0; i < vx.length; i++) {
            scatterX[vx[i]] = v.b()[i];
        }
        int[] ug = u.g();
        for (int i = 0; i < ug.length; i++) {
            int g = ug[i];
            double a = u.a()[i];
            double t = 0;
            if (g < h.n0) {
                double[] row = h.cov0[g];
                for (int j = 0; j < vg.length; j++) {
                    if (vg[j] < h.n0) {
                        t += row[vg[j]] * v.a()[j];
                    }
                }
                for (int j = 0; j < vx.length; j++) {
                    t += h.xgCov[vx[j]][g] * v.b()[j];
                }
            } else {
                int b = h.gBlock[g];
                int k = h.blockSize[b];
                int base = h.gLocal[g] * k;
                double[] c = blockCov[b];
                int[] members = h.blockMembers[b];
                for (int j = 0; j < members.length; j++) {
                    t += c[base + j] * scatterG[members[j]];
                }
            }
            s += a * t;
        }
        int[] ux = u.x();
        for (int i = 0; i < ux.length; i++) {
            double t = 0;
            for (int j = 0; j < vg.length; j++) {
                if (vg[j] < h.n0) {
                    t += h.xgCov[ux[i]][vg[j]] * v.a()[j];
                }
            }
            for (int j = 0; j < vx.length; j++) {
                t += h.xxCov[ux[i]][vx[j]] * v.b()[j];
            }
            s += u.b()[i] * t;
        }
        for (int g : vg) {
            scatterG[g] = 0;
        }
        for (int x : vx) {
            scatterX[x] = 0;
        }
        return s;
    }

    /** @return {@code E[U V]} given the scores */
    double product(Val u, Val v) {
        if (u instanceof Val.Scalar s) {
            return s.c() * mean(v);
        }
        if (v instanceof Val.Scalar s) {
            return s.c() * mean(u);
        }
        if (u instanceof Val.Lin a && v instanceof Val.Lin b) {
            return mean(a) * mean(b) + cov(a, b);
        }
        if (v instanceof Val.Nl && u instanceof Val.Lin) {
            Val t = u;
            u = v;
            v = t;
        }
        Val.Nl n = (Val.Nl) u;
        if (n.features().length == 1 && n.fn() instanceof Val.Apply ap && ap.arg() instanceof Val.Leaf) {
            Val.Lin f = n.features()[0];
            if (v instanceof Val.Lin y && y.gaussian()) {
                // Stein: E[φ(F) Y] = E[Y] E[φ(F)] + Cov(F, Y)/Var(F) · E[φ(F)(F − E F)]
                double mf = mean(f);
                double vf = cov(f, f);
                double[] e = oneFeature(ap.phi(), mf, vf);
                double c = cov(f, y);
                return mean(y) * e[0] + (vf > 0 ? c / vf * e[1] : 0);
            }
            if (v instanceof Val.Nl o && o.features().length == 1 && o.fn() instanceof Val.Apply bp
                    && bp.arg() instanceof Val.Leaf && ap.phi().kind() == Activation.Kind.RELU
                    && bp.phi().kind() == Activation.Kind.RELU) {
                Val.Lin g = o.features()[0];
                if (Math.abs(mean(f)) == 0 && Math.abs(mean(g)) == 0) {
                    return GaussHermite.reluPair(cov(f, f), cov(g, g), cov(f, g));
                }
            }
        }
        Val.Nl a = toNl(u);
        Val.Nl b = toNl(v);
        Val.Nl prod = (Val.Nl) combine(new Val[] {a, b}, null, true);
        return expectNl(prod, 1)[0];
    }

    /** {@code {E[φ(F)], E[φ(F)(F − m)]}} for {@code F ~ N(m, v)}: closed forms for ReLU, else Gauss–Hermite. */
    private static double[] oneFeature(Activation phi, double m, double v) {
        double sd = Math.sqrt(Math.max(0, v));
        if (sd == 0) {
            return new double[] {phi.apply(m), 0};
        }
        if (phi.kind() == Activation.Kind.RELU) {
            double t = m / sd;
            double pdf = Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
            double cdf = 0.5 * org.hipparchus.special.Erf.erfc(-t / Math.sqrt(2));
            return new double[] {m * cdf + sd * pdf, v * cdf};
        }
        double[] e = GaussHermite.expect(new double[] {m}, new double[][] {{sd}}, 2, (f, w, out) -> {
            double y = phi.apply(f[0]);
            out[0] += w * y;
            out[1] += w * y * (f[0] - m);
        });
        return e;
    }

    /** @return {@code E[f(F)^k]}, k = 1..powers, by Gauss–Hermite over the features' principal directions */
    double[] expectNl(Val.Nl n, int powers) {
        Val.Lin[] fs = n.features();
        int k = fs.length;
        double[] mean = new double[k];
        double[][] c = new double[k][k];
        for (int i = 0; i < k; i++) {
            mean[i] = mean(fs[i]);
            for (int j = 0; j <= i; j++) {
                c[i][j] = cov(fs[i], fs[j]);
                c[j][i] = c[i][j];
            }
        }
        double[][] dirs;
        if (k == 0) {
            dirs = new double[0][];
        } else if (k == 1) {
            dirs = c[0][0] > 0 ? new double[][] {{Math.sqrt(c[0][0])}} : new double[0][];
        } else {
            dirs = PsdRoot.principalDirections(c, 1, 1e-13);
        }
        return GaussHermite.expect(mean, dirs, powers, (f, w, out) -> {
            double y = n.fn().at(f);
            double p = 1;
            for (int q = 0; q < powers; q++) {
                p *= y;
                out[q] += w * p;
            }
        });
    }

    // ------------------------------------------------------------------ expressions

    private Val eval(Expr e) {
        if (e instanceof Expr.Const c) {
            return new Val.Scalar(c.value());
        } else if (e instanceof Expr.ScoreRef r) {
            return new Val.Scalar(scores[h.scoreSlots.get(r.name())]);
        } else if (e instanceof Expr.Ref r) {
            return vals[h.slots.get(r.name())];
        } else if (e instanceof Expr.Apply a) {
            Val v = eval(a.arg());
            if (v instanceof Val.Scalar s) {
                return new Val.Scalar(a.phi().apply(s.c()));
            }
            if (a.phi().kind() == Activation.Kind.IDENTITY) {
                return v;
            }
            Val.Nl n = toNl(v);
            return new Val.Nl(new Val.Apply(a.phi(), n.fn()), n.features());
        } else if (e instanceof Expr.Sum s) {
            return combine(s.terms().stream().map(this::eval).toArray(Val[]::new), null, false);
        } else if (e instanceof Expr.Prod p) {
            return product(p.factors().stream().map(this::eval).toArray(Val[]::new));
        } else if (e instanceof Expr.Attend a) {
            double[] w = Softmax.weights(scalars(a.logits(), "attend"));
            return combine(a.values().stream().map(this::eval).toArray(Val[]::new), w, false);
        } else if (e instanceof Expr.Softmax s) {
            return new Val.Scalar(Softmax.weights(scalars(s.logits(), "softmax"))[s.index() - 1]);
        } else if (e instanceof Expr.Norm nm) {
            return norm(nm.kind(), eval(nm.arg()));
        }
        throw new UnsupportedOperationException("the nested-conditioning law does not know " + e);
    }

    /**
     * A moment operation given the scores: {@code rmsnorm(y) → Z^y / √E[(Z^y)² | p̊]},
     * {@code layernorm(y) → (Z^y − E[Z^y | p̊]) / √Var(Z^y | p̊)} (the coordinate mean and the mean square
     * tend to their conditional expectations: Theorem 3.1 for one layer, the conjecture beyond). A limit
     * moment of 0 gives 0, as the finite-width operation does.
     */
    private Val norm(Expr.NormKind kind, Val v) {
        if (v instanceof Val.Scalar) {
            return new Val.Scalar(0);
        }
        double second = product(v, v);
        if (kind == Expr.NormKind.RMS) {
            return second > 0 ? combine(new Val[] {v}, new double[] {1 / Math.sqrt(second)}, false) : new Val.Scalar(0);
        }
        double m = mean(v);
        double var = second - m * m;
        if (!(var > 0)) {
            return new Val.Scalar(0);
        }
        double sd = Math.sqrt(var);
        return combine(new Val[] {v, new Val.Scalar(1)}, new double[] {1 / sd, -m / sd}, false);
    }

    private double[] scalars(List<Expr> logits, String what) {
        double[] p = new double[logits.size()];
        for (int i = 0; i < p.length; i++) {
            if (!(eval(logits.get(i)) instanceof Val.Scalar s)) {
                throw new UnsupportedOperationException(what + " with vector logits (" + logits.get(i)
                        + ") is outside the nested-conditioning law (logits must be scores or scalars)");
            }
            p[i] = s.c();
        }
        return p;
    }

    private Val product(Val[] factors) {
        double c = 1;
        List<Val> rest = new ArrayList<>();
        for (Val f : factors) {
            if (f instanceof Val.Scalar s) {
                c *= s.c();
            } else {
                rest.add(f);
            }
        }
        if (rest.isEmpty()) {
            return new Val.Scalar(c);
        }
        if (rest.size() == 1) {
            return combine(new Val[] {rest.get(0)}, new double[] {c}, false);
        }
        Val nl = combine(rest.toArray(Val[]::new), null, true);
        return c == 1 ? nl : combine(new Val[] {nl}, new double[] {c}, false);
    }

    private Val.Nl toNl(Val v) {
        if (v instanceof Val.Nl n) {
            return n;
        } else if (v instanceof Val.Scalar s) {
            return new Val.Nl(new Val.Const(s.c()), new Val.Lin[0]);
        }
        Val.Lin l = (Val.Lin) v;
        if (!l.gaussian()) {
            throw new UnsupportedOperationException("a nonlinear function of a vector that is not Gaussian given the"
                    + " scores (it contains a score-free nonlinear vector) is outside the nested-conditioning law");
        }
        return new Val.Nl(new Val.Leaf(0), new Val.Lin[] {l});
    }

    /**
     * @param parts the values
     * @param w coefficients (null: all 1)
     * @param multiply product instead of sum
     * @return {@code Σ w_i V_i} (affine when every part is) or {@code Π V_i}
     */
    private Val combine(Val[] parts, double[] w, boolean multiply) {
        boolean affine = !multiply;
        boolean allScalar = true;
        for (Val v : parts) {
            affine &= !(v instanceof Val.Nl);
            allScalar &= v instanceof Val.Scalar;
        }
        if (allScalar && !multiply) {
            double s = 0;
            for (int i = 0; i < parts.length; i++) {
                s += (w == null ? 1 : w[i]) * ((Val.Scalar) parts[i]).c();
            }
            return new Val.Scalar(s);
        }
        if (affine) {
            double m = 0;
            int[] gTouched = touchedG;
            int ng = 0;
            int[] xTouched = touchedX;
            int nx = 0;
            for (int i = 0; i < parts.length; i++) {
                double c = w == null ? 1 : w[i];
                if (c == 0) {
                    continue;
                }
                if (parts[i] instanceof Val.Scalar s) {
                    m += c * s.c();
                    continue;
                }
                Val.Lin l = (Val.Lin) parts[i];
                m += c * l.m();
                for (int j = 0; j < l.g().length; j++) {
                    int g = l.g()[j];
                    if (scatterG[g] == 0) {
                        gTouched[ng++] = g;
                    }
                    scatterG[g] += c * l.a()[j];
                    if (scatterG[g] == 0) {
                        scatterG[g] = Double.MIN_VALUE;   // keep it marked as touched
                    }
                }
                for (int j = 0; j < l.x().length; j++) {
                    int x = l.x()[j];
                    if (scatterX[x] == 0) {
                        xTouched[nx++] = x;
                    }
                    scatterX[x] += c * l.b()[j];
                    if (scatterX[x] == 0) {
                        scatterX[x] = Double.MIN_VALUE;
                    }
                }
            }
            int[] g = Arrays.copyOf(gTouched, ng);
            Arrays.sort(g);
            double[] a = new double[ng];
            for (int i = 0; i < ng; i++) {
                a[i] = scatterG[g[i]];
                scatterG[g[i]] = 0;
            }
            int[] x = Arrays.copyOf(xTouched, nx);
            Arrays.sort(x);
            double[] b = new double[nx];
            for (int i = 0; i < nx; i++) {
                b[i] = scatterX[x[i]];
                scatterX[x[i]] = 0;
            }
            return new Val.Lin(m, g, a, x, b);
        }
        List<Val.Lin> feats = new ArrayList<>();
        Val.Fn[] fns = new Val.Fn[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Val.Nl n = toNl(parts[i]);
            Val.Fn f = n.fn().shift(feats.size());
            feats.addAll(List.of(n.features()));
            fns[i] = w == null ? f : new Val.Prod(new Val.Fn[] {new Val.Const(w[i]), f});
        }
        return new Val.Nl(multiply ? new Val.Prod(fns) : new Val.Sum(fns), feats.toArray(Val.Lin[]::new));
    }
}
