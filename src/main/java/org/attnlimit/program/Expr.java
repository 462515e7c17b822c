package org.attnlimit.program;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.attnlimit.calculus.Activation;

/**
 * The right-hand side of a Nonlin statement {@code h = ψ(g¹,…,gᵏ; p_1,…,p_r)}: a coordinatewise function
 * of earlier vectors and of scores (Theorem 3.1), built from vector names, scores, numeric constants,
 * catalogue activations, products, sums, {@code attend} and {@code softmax}.
 *
 * <p>A score and a constant are scalars: the same number in every coordinate. Every node is evaluated
 * coordinatewise with scalars broadcast, so {@code prod(sigmoid(p11), u1)} is {@code σ(p₁₁)·u₁} and
 * {@code attend(p11, p12; u1, u2)} is {@code Σ_j softmax_j(p₁₁, p₁₂)·u_j}. Evaluation:
 * {@link NonlinFunction}.
 */
public sealed interface Expr permits Expr.Ref, Expr.ScoreRef, Expr.Const, Expr.Apply, Expr.Prod, Expr.Sum,
        Expr.Attend, Expr.Softmax, Expr.Norm {

    /** A vector of the program, by name. */
    record Ref(String name) implements Expr {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A score of the program, by name: a scalar, the same in every coordinate. The parser and the builder
     * write every name as a {@link Ref}; {@link Program} turns the names of scores into {@code ScoreRef}s.
     */
    record ScoreRef(String name) implements Expr {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A numeric constant (a scalar), e.g. the {@code H^{-1/2}} of Example 3.1. */
    record Const(double value) implements Expr {
        /** Rejects NaN and infinities. */
        public Const {
            if (!Double.isFinite(value)) {
                throw new InvalidInputException("a constant must be finite, got " + value);
            }
        }

        @Override
        public String toString() {
            return Activation.formatNumber(value);
        }
    }

    /** A catalogue activation applied to one argument, {@code φ(e)}. */
    record Apply(Activation phi, Expr arg) implements Expr {
        @Override
        public String toString() {
            return phi.spec() + "(" + arg + ")";
        }
    }

    /** The coordinatewise product {@code e₁·e₂·…} (two or more factors). */
    record Prod(List<Expr> factors) implements Expr {
        /** Copies the list. */
        public Prod {
            factors = List.copyOf(factors);
        }

        @Override
        public String toString() {
            return "prod(" + join(factors) + ")";
        }
    }

    /** The coordinatewise sum {@code e₁ + e₂ + …} (two or more terms). */
    record Sum(List<Expr> terms) implements Expr {
        /** Copies the list. */
        public Sum {
            terms = List.copyOf(terms);
        }

        @Override
        public String toString() {
            return "sum(" + join(terms) + ")";
        }
    }

    /**
     * Attention {@code Σ_{j=1}^{s} softmax_j(a_1,…,a_s)·u_j} (Example 3.1), with softmax taken over the
     * logits {@code a_j} (scores, or any expressions; coordinatewise when they are vectors).
     *
     * @param logits {@code a_1..a_s}
     * @param values {@code u_1..u_s}, as many as the logits
     */
    record Attend(List<Expr> logits, List<Expr> values) implements Expr {
        /** Copies the lists. */
        public Attend {
            logits = List.copyOf(logits);
            values = List.copyOf(values);
            if (logits.isEmpty() || logits.size() != values.size()) {
                throw new InvalidInputException("attend needs as many values as logits (and at least one), got "
                        + logits.size() + " logits and " + values.size() + " values");
            }
        }

        @Override
        public String toString() {
            return "attend(" + join(logits) + "; " + join(values) + ")";
        }
    }

    /**
     * The {@code index}-th softmax weight {@code e^{a_j}/Σ_l e^{a_l}} of the logits (1-based).
     *
     * @param index {@code j}, 1 ≤ j ≤ s
     * @param logits {@code a_1..a_s}
     */
    record Softmax(int index, List<Expr> logits) implements Expr {
        /** Copies the list and checks the index. */
        public Softmax {
            logits = List.copyOf(logits);
            if (logits.isEmpty() || index < 1 || index > logits.size()) {
                throw new InvalidInputException("softmax index must be between 1 and " + logits.size()
                        + ", got " + index);
            }
        }

        @Override
        public String toString() {
            return "softmax(" + index + "; " + join(logits) + ")";
        }
    }

    /**
     * A Netsor moment operation on a whole vector {@code y} (Tensor Programs' "Moment" followed by a Nonlin
     * of the resulting scalar): {@code rmsnorm(y)_α = y_α / sqrt(n⁻¹ Σ_β y_β²)} and
     * {@code layernorm(y)_α = (y_α − ȳ) / sqrt(n⁻¹ Σ_β (y_β − ȳ)²)}, {@code ȳ = n⁻¹ Σ_β y_β}. Not
     * coordinatewise: it is a whole statement {@code r = rmsnorm(y)} of a vector name. Its limit divides by the
     * limit of the moment: {@code Z^y / sqrt(E[(Z^y)²])} when {@code y} does not depend on the scores, and by the
     * random {@code E[(Z^y)² | p̊]} when it does (beyond Theorem 3.1: a conjecture, nested conditioning).
     *
     * @param kind which normalisation
     * @param arg the vector normalised (a {@link Ref} in a validated program)
     */
    record Norm(NormKind kind, Expr arg) implements Expr {
        @Override
        public String toString() {
            return kind.keyword() + "(" + arg + ")";
        }
    }

    /** The normalisations of {@link Norm}. */
    enum NormKind {
        /** {@code y / sqrt(n⁻¹‖y‖²)}. */
        RMS("rmsnorm"),
        /** {@code (y − ȳ) / sqrt(n⁻¹‖y − ȳ‖²)}. */
        LAYER("layernorm");

        private final String keyword;

        NormKind(String keyword) {
            this.keyword = keyword;
        }

        /** @return the keyword of the {@code .netsor} format */
        public String keyword() {
            return keyword;
        }

        /**
         * Applies the normalisation to {@code y[0..n)}. A vector whose root mean square is 0 (probability 0 for
         * the programs' Gaussian vectors) is returned as 0.
         */
        public double[] apply(double[] y, int n) {
            double mean = 0;
            if (this == LAYER) {
                for (int a = 0; a < n; a++) {
                    mean += y[a];
                }
                mean /= n;
            }
            double ss = 0;
            for (int a = 0; a < n; a++) {
                double d = y[a] - mean;
                ss += d * d;
            }
            double[] out = new double[n];
            if (!(ss > 0)) {
                return out;
            }
            double inv = 1 / Math.sqrt(ss / n);
            for (int a = 0; a < n; a++) {
                out[a] = (y[a] - mean) * inv;
            }
            return out;
        }
    }

    /** @return the direct sub-expressions */
    default List<Expr> children() {
        if (this instanceof Apply a) {
            return List.of(a.arg());
        } else if (this instanceof Prod p) {
            return p.factors();
        } else if (this instanceof Sum s) {
            return s.terms();
        } else if (this instanceof Attend a) {
            List<Expr> all = new ArrayList<>(a.logits());
            all.addAll(a.values());
            return all;
        } else if (this instanceof Softmax s) {
            return s.logits();
        } else if (this instanceof Norm n) {
            return List.of(n.arg());
        }
        return List.of();
    }

    /** Adds every vector name this expression reads to {@code out} (scores are not vectors). */
    default void collectNames(Set<String> out) {
        if (this instanceof Ref r) {
            out.add(r.name());
        }
        for (Expr c : children()) {
            c.collectNames(out);
        }
    }

    /** Adds every score name this expression reads to {@code out}. */
    default void collectScores(Set<String> out) {
        if (this instanceof ScoreRef r) {
            out.add(r.name());
        }
        for (Expr c : children()) {
            c.collectScores(out);
        }
    }

    /** @return the vectors this expression reads, in order of first appearance */
    default List<String> vectors() {
        Set<String> s = new LinkedHashSet<>();
        collectNames(s);
        return List.copyOf(s);
    }

    /** @return the scores this expression reads, in order of first appearance */
    default List<String> scores() {
        Set<String> s = new LinkedHashSet<>();
        collectScores(s);
        return List.copyOf(s);
    }

    /** @return whether the expression reads no vector (its value is one number for all coordinates) */
    default boolean isScalar() {
        return vectors().isEmpty();
    }

    private static String join(List<Expr> es) {
        StringBuilder b = new StringBuilder();
        for (Expr e : es) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e);
        }
        return b.toString();
    }
}
