package org.attnlimit.program;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.numerics.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.attnlimit.calculus.Activation;

/**
 * A compiled Nonlin {@code h_α = ψ(g¹_α,…,gᵏ_α; p_1,…,p_r)} (Theorem 3.1), evaluated coordinatewise over
 * whole vectors: the arguments are bound by position once ({@link #vectors()}, {@link #scores()}), so the
 * hot loop reads arrays only (no map look-ups), and scalar sub-expressions (scores, constants, softmax
 * weights of scores) are computed once per call, not once per coordinate.
 *
 * <p>Semantics, shared by the finite-width simulators and the limit law: a score or a constant is the
 * same number in every coordinate; {@code attend(a; u) = Σ_j softmax_j(a)·u_j} and
 * {@code softmax(j; a) = e^{a_j}/Σ_l e^{a_l}}, computed with the maximum subtracted first (log-sum-exp),
 * so huge logits give a one-hot weight instead of NaN. Immutable and thread-safe (scratch arrays are
 * per call).
 */
public final class NonlinFunction {
    private final Expr expr;
    private final List<String> vectors;
    private final List<String> scores;
    private final Node root;

    private NonlinFunction(Expr expr) {
        this.expr = expr;
        this.vectors = expr.vectors();
        this.scores = expr.scores();
        this.root = compile(expr);
    }

    /** @return the compiled form of {@code expr}; its arguments are {@code expr.vectors()} and {@code expr.scores()} */
    public static NonlinFunction of(Expr expr) {
        if (expr == null) {
            throw new InvalidInputException("expression is missing");
        }
        return new NonlinFunction(expr);
    }

    /** @return the expression */
    public Expr expr() {
        return expr;
    }

    /** @return the vectors read, in the order the {@code vectors} argument of {@link #apply} expects them */
    public List<String> vectors() {
        return vectors;
    }

    /** @return the scores read, in the order the {@code scores} argument of {@link #apply} expects them */
    public List<String> scores() {
        return scores;
    }

    /** @return whether the value is one number for all coordinates (no vector is read) */
    public boolean isScalar() {
        return root.scalar;
    }

    /**
     * @param vectors {@code vectors[i]} = the values of {@code vectors().get(i)}, each of length ≥ n
     * @param scores {@code scores[i]} = the value of {@code scores().get(i)}
     * @param n the width
     * @return the new vector, length {@code n}
     */
    public double[] apply(double[][] vectors, double[] scores, int n) {
        if (root instanceof NormNode norm) {
            check(vectors, scores);
            double[] y = new double[n];
            norm.arg.fill(vectors, scores, 0, n, y);
            return norm.kind.apply(y, n);
        }
        double[] out = new double[n];
        apply(vectors, scores, out, 0, n);
        return out;
    }

    /** Writes coordinates {@code from..to-1} of the result into {@code out[from..to)} (for chunked, parallel use). */
    public void apply(double[][] vectors, double[] scores, double[] out, int from, int to) {
        check(vectors, scores);
        if (from < 0 || to > out.length || from > to) {
            throw new InvalidInputException("coordinate range [" + from + ", " + to + ") is outside 0.." + out.length);
        }
        if (isMoment()) {
            throw new UnsupportedOperationException(expr + " is a moment operation on the whole vector; use apply(vectors, scores, n)");
        }
        int m = to - from;
        double[] buf = new double[m];
        root.fill(vectors, scores, from, m, buf);
        System.arraycopy(buf, 0, out, from, m);
    }

    /** @return whether this is a moment operation ({@link Expr.Norm}): it needs the whole vector, not one coordinate */
    public boolean isMoment() {
        return root instanceof NormNode;
    }

    /** @return the value at one coordinate, given the values {@code x[i]} of {@code vectors().get(i)} there */
    public double applyAt(double[] x, double[] scores) {
        return root.at(x, scores);
    }

    private void check(double[][] v, double[] s) {
        if (v.length != vectors.size() || s.length != scores.size()) {
            throw new InvalidInputException("expected " + vectors.size() + " vector(s) " + vectors + " and "
                    + scores.size() + " score(s) " + scores + ", got " + v.length + " and " + s.length);
        }
    }

    // ------------------------------------------------------------------ compiled nodes

    private Node compile(Expr e) {
        if (e instanceof Expr.Ref r) {
            return new VectorNode(vectors.indexOf(r.name()));
        } else if (e instanceof Expr.ScoreRef r) {
            return new ScoreNode(scores.indexOf(r.name()));
        } else if (e instanceof Expr.Const c) {
            return new ConstNode(c.value());
        } else if (e instanceof Expr.Apply a) {
            return new ApplyNode(a.phi(), compile(a.arg()));
        } else if (e instanceof Expr.Prod p) {
            return new ProdNode(p.factors().stream().map(this::compile).toArray(Node[]::new));
        } else if (e instanceof Expr.Sum s) {
            return new SumNode(s.terms().stream().map(this::compile).toArray(Node[]::new));
        } else if (e instanceof Expr.Attend a) {
            return new AttendNode(a.logits().stream().map(this::compile).toArray(Node[]::new),
                    a.values().stream().map(this::compile).toArray(Node[]::new), -1);
        }
        if (e instanceof Expr.Norm nm) {
            if (nm != expr) {
                throw new InvalidInputException(nm + " must be a whole statement 'r = " + nm.kind().keyword()
                        + "(y)', not part of an expression");
            }
            return new NormNode(nm.kind(), compile(nm.arg()));
        }
        Expr.Softmax s = (Expr.Softmax) e;
        return new AttendNode(s.logits().stream().map(this::compile).toArray(Node[]::new), null, s.index() - 1);
    }

    /** A node: {@code fill} writes coordinates {@code from..from+m-1} into {@code out[0..m)}. */
    private abstract static class Node {
        final boolean scalar;

        Node(boolean scalar) {
            this.scalar = scalar;
        }

        /** The value when {@link #scalar}. */
        abstract double value(double[] s);

        abstract double at(double[] x, double[] s);

        void fill(double[][] v, double[] s, int from, int m, double[] out) {
            Arrays.fill(out, 0, m, value(s));
        }

        static boolean allScalar(Node[] nodes) {
            for (Node n : nodes) {
                if (!n.scalar) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A moment operation: no single-coordinate value (it depends on the whole vector). */
    private static final class NormNode extends Node {
        private final Expr.NormKind kind;
        private final Node arg;

        NormNode(Expr.NormKind kind, Node arg) {
            super(false);
            this.kind = kind;
            this.arg = arg;
        }

        @Override
        double value(double[] s) {
            throw new IllegalStateException("a vector is not a scalar");
        }

        @Override
        double at(double[] x, double[] s) {
            throw new UnsupportedOperationException(kind.keyword() + " is a moment operation on the whole vector:"
                    + " it has no value at one coordinate alone");
        }

        @Override
        void fill(double[][] v, double[] s, int from, int m, double[] out) {
            throw new UnsupportedOperationException(kind.keyword() + " is a moment operation on the whole vector");
        }
    }

    private static final class VectorNode extends Node {
        private final int index;

        VectorNode(int index) {
            super(false);
            this.index = index;
        }

        @Override
        double value(double[] s) {
            throw new IllegalStateException("a vector is not a scalar");
        }

        @Override
        double at(double[] x, double[] s) {
            return x[index];
        }

        @Override
        void fill(double[][] v, double[] s, int from, int m, double[] out) {
            System.arraycopy(v[index], from, out, 0, m);
        }
    }

    private static final class ScoreNode extends Node {
        private final int index;

        ScoreNode(int index) {
            super(true);
            this.index = index;
        }

        @Override
        double value(double[] s) {
            return s[index];
        }

        @Override
        double at(double[] x, double[] s) {
            return s[index];
        }
    }

    private static final class ConstNode extends Node {
        private final double c;

        ConstNode(double c) {
            super(true);
            this.c = c;
        }

        @Override
        double value(double[] s) {
            return c;
        }

        @Override
        double at(double[] x, double[] s) {
            return c;
        }
    }

    private static final class ApplyNode extends Node {
        private final Activation phi;
        private final Node arg;

        ApplyNode(Activation phi, Node arg) {
            super(arg.scalar);
            this.phi = phi;
            this.arg = arg;
        }

        @Override
        double value(double[] s) {
            return phi.apply(arg.value(s));
        }

        @Override
        double at(double[] x, double[] s) {
            return phi.apply(arg.at(x, s));
        }

        @Override
        void fill(double[][] v, double[] s, int from, int m, double[] out) {
            if (scalar) {
                super.fill(v, s, from, m, out);
                return;
            }
            arg.fill(v, s, from, m, out);
            for (int i = 0; i < m; i++) {
                out[i] = phi.apply(out[i]);
            }
        }
    }

    /**
     * A product or a sum: the scalar operands are folded into one constant, the vector ones elementwise
     * into {@code out}, in the order written.
     */
    private abstract static class FoldNode extends Node {
        private final Node[] operands;
        private final double identity;

        FoldNode(Node[] operands, double identity) {
            super(allScalar(operands));
            this.operands = operands;
            this.identity = identity;
        }

        /** @return {@code a ∘ b} */
        abstract double combine(double a, double b);

        /** {@code out[i] = out[i] ∘ tmp[i]} for {@code i < m} */
        abstract void combineInto(double[] out, double[] tmp, int m);

        /** {@code out[i] = out[i] ∘ c} for {@code i < m} */
        abstract void combineConstant(double[] out, double c, int m);

        @Override
        double value(double[] s) {
            double p = identity;
            for (Node f : operands) {
                p = combine(p, f.value(s));
            }
            return p;
        }

        @Override
        double at(double[] x, double[] s) {
            double p = identity;
            for (Node f : operands) {
                p = combine(p, f.at(x, s));
            }
            return p;
        }

        @Override
        void fill(double[][] v, double[] s, int from, int m, double[] out) {
            if (scalar) {
                super.fill(v, s, from, m, out);
                return;
            }
            double c = identity;
            boolean first = true;
            double[] tmp = null;
            for (Node f : operands) {
                if (f.scalar) {
                    c = combine(c, f.value(s));
                } else if (first) {
                    f.fill(v, s, from, m, out);
                    first = false;
                } else {
                    tmp = tmp == null ? new double[m] : tmp;
                    f.fill(v, s, from, m, tmp);
                    combineInto(out, tmp, m);
                }
            }
            if (c != identity) {
                combineConstant(out, c, m);
            }
        }
    }

    private static final class ProdNode extends FoldNode {
        ProdNode(Node[] factors) {
            super(factors, 1);
        }

        @Override
        double combine(double a, double b) {
            return a * b;
        }

        @Override
        void combineInto(double[] out, double[] tmp, int m) {
            for (int i = 0; i < m; i++) {
                out[i] *= tmp[i];
            }
        }

        @Override
        void combineConstant(double[] out, double c, int m) {
            for (int i = 0; i < m; i++) {
                out[i] *= c;
            }
        }
    }

    private static final class SumNode extends FoldNode {
        SumNode(Node[] terms) {
            super(terms, 0);
        }

        @Override
        double combine(double a, double b) {
            return a + b;
        }

        @Override
        void combineInto(double[] out, double[] tmp, int m) {
            for (int i = 0; i < m; i++) {
                out[i] += tmp[i];
            }
        }

        @Override
        void combineConstant(double[] out, double c, int m) {
            for (int i = 0; i < m; i++) {
                out[i] += c;
            }
        }
    }

    /** {@code attend} when {@code values != null}, else the {@code index}-th softmax weight. */
    private static final class AttendNode extends Node {
        private final Node[] logits;
        private final Node[] values;
        private final int index;
        private final boolean scalarLogits;

        AttendNode(Node[] logits, Node[] values, int index) {
            super(allScalar(logits) && (values == null || allScalar(values)));
            this.logits = logits;
            this.values = values;
            this.index = index;
            this.scalarLogits = allScalar(logits);
        }

        private double[] weights(double[] s) {
            double[] a = new double[logits.length];
            for (int j = 0; j < a.length; j++) {
                a[j] = logits[j].value(s);
            }
            Softmax.apply(a, a);
            return a;
        }

        @Override
        double value(double[] s) {
            double[] w = weights(s);
            if (values == null) {
                return w[index];
            }
            double y = 0;
            for (int j = 0; j < w.length; j++) {
                y += w[j] * values[j].value(s);
            }
            return y;
        }

        @Override
        double at(double[] x, double[] s) {
            double[] a = new double[logits.length];
            for (int j = 0; j < a.length; j++) {
                a[j] = logits[j].at(x, s);
            }
            Softmax.apply(a, a);
            if (values == null) {
                return a[index];
            }
            double y = 0;
            for (int j = 0; j < a.length; j++) {
                y += a[j] * values[j].at(x, s);
            }
            return y;
        }

        @Override
        void fill(double[][] v, double[] s, int from, int m, double[] out) {
            if (scalar) {
                super.fill(v, s, from, m, out);
                return;
            }
            int k = logits.length;
            if (scalarLogits) {
                // The common case (scores as logits): one softmax for all coordinates.
                double[] w = weights(s);
                Arrays.fill(out, 0, m, 0.0);
                double[] tmp = new double[m];
                for (int j = 0; j < k; j++) {
                    if (values[j].scalar) {
                        double c = w[j] * values[j].value(s);
                        for (int i = 0; i < m; i++) {
                            out[i] += c;
                        }
                    } else {
                        values[j].fill(v, s, from, m, tmp);
                        double wj = w[j];
                        for (int i = 0; i < m; i++) {
                            out[i] += wj * tmp[i];
                        }
                    }
                }
                return;
            }
            double[][] a = new double[k][m];
            for (int j = 0; j < k; j++) {
                logits[j].fill(v, s, from, m, a[j]);
            }
            double[][] u = null;
            if (values != null) {
                u = new double[k][m];
                for (int j = 0; j < k; j++) {
                    values[j].fill(v, s, from, m, u[j]);
                }
            }
            double[] col = new double[k];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    col[j] = a[j][i];
                }
                Softmax.apply(col, col);
                if (u == null) {
                    out[i] = col[index];
                } else {
                    double y = 0;
                    for (int j = 0; j < k; j++) {
                        y += col[j] * u[j][i];
                    }
                    out[i] = y;
                }
            }
        }
    }

    /** @return the compiled argument lists, for messages */
    @Override
    public String toString() {
        List<String> args = new ArrayList<>(vectors);
        args.addAll(scores);
        return "NonlinFunction" + args + " = " + expr;
    }
}
