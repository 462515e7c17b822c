package org.attnlimit.limit.nested;

import org.attnlimit.calculus.Activation;

/**
 * The value of a vector (or scalar) of a program <i>given the scores drawn so far</i>, in the nested
 * hierarchy: a scalar (a score, a softmax weight, a constant), an affine combination of G-vars and of
 * opaque score-free Nonlin vectors ({@link Lin}), or a nonlinear function of Gaussian features ({@link Nl}).
 */
sealed interface Val permits Val.Scalar, Val.Lin, Val.Nl {

    /** A scalar: the same number in every coordinate. */
    record Scalar(double c) implements Val {
    }

    /**
     * {@code m + Σ_g a_g Z^g + Σ_x b_x Z^x}: G-vars {@code g} (jointly Gaussian given the scores above) and
     * score-free Nonlin vectors {@code x} whose moments come from Definition 3.1 (A). Gaussian given the
     * scores exactly when it has no {@code x} part.
     *
     * @param m the constant
     * @param g the G-var indices (increasing)
     * @param a their coefficients
     * @param x the opaque Nonlin indices (increasing)
     * @param b their coefficients
     */
    record Lin(double m, int[] g, double[] a, int[] x, double[] b) implements Val {
        static final int[] NONE = new int[0];
        static final double[] ZERO = new double[0];

        static Lin gVar(int index) {
            return new Lin(0, new int[] {index}, new double[] {1}, NONE, ZERO);
        }

        static Lin opaque(int index) {
            return new Lin(0, NONE, ZERO, new int[] {index}, new double[] {1});
        }

        /** @return whether this is Gaussian given the scores (no opaque part) */
        boolean gaussian() {
            return x.length == 0;
        }
    }

    /**
     * {@code f(F_1..F_k)}: a nonlinear function of Gaussian features (each a Gaussian {@link Lin}).
     *
     * @param fn the function, its leaves indexing {@code features}
     * @param features the features
     */
    record Nl(Fn fn, Lin[] features) implements Val {
    }

    /** A function of the features, a small expression tree. */
    sealed interface Fn permits Leaf, Const, Apply, Prod, Sum {
        double at(double[] f);

        Fn shift(int offset);
    }

    /** Feature {@code i}. */
    record Leaf(int i) implements Fn {
        public double at(double[] f) {
            return f[i];
        }

        public Fn shift(int offset) {
            return new Leaf(i + offset);
        }
    }

    /** A constant. */
    record Const(double c) implements Fn {
        public double at(double[] f) {
            return c;
        }

        public Fn shift(int offset) {
            return this;
        }
    }

    /** {@code φ(arg)}. */
    record Apply(Activation phi, Fn arg) implements Fn {
        public double at(double[] f) {
            return phi.apply(arg.at(f));
        }

        public Fn shift(int offset) {
            return new Apply(phi, arg.shift(offset));
        }
    }

    /** A product. */
    record Prod(Fn[] factors) implements Fn {
        public double at(double[] f) {
            double p = 1;
            for (Fn x : factors) {
                p *= x.at(f);
            }
            return p;
        }

        public Fn shift(int offset) {
            Fn[] s = new Fn[factors.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = factors[i].shift(offset);
            }
            return new Prod(s);
        }
    }

    /** A sum. */
    record Sum(Fn[] terms) implements Fn {
        public double at(double[] f) {
            double p = 0;
            for (Fn x : terms) {
                p += x.at(f);
            }
            return p;
        }

        public Fn shift(int offset) {
            Fn[] s = new Fn[terms.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = terms[i].shift(offset);
            }
            return new Sum(s);
        }
    }
}
