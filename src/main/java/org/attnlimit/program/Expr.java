package org.attnlimit.program;

import java.util.List;
import java.util.Set;
import org.attnlimit.calculus.Activation;

/**
 * The right-hand side of a Nonlin statement {@code h = φ(g¹,…,gᵏ)}: a coordinatewise function of
 * earlier vectors, built from vector names, catalogue activations, products and sums.
 */
public sealed interface Expr permits Expr.Ref, Expr.Apply, Expr.Prod, Expr.Sum {

    /** A vector of the program, by name. */
    record Ref(String name) implements Expr {
        @Override
        public String toString() {
            return name;
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

    /** Adds every vector name this expression reads to {@code out}. */
    default void collectNames(Set<String> out) {
        if (this instanceof Ref r) {
            out.add(r.name());
        } else if (this instanceof Apply a) {
            a.arg().collectNames(out);
        } else if (this instanceof Prod p) {
            p.factors().forEach(f -> f.collectNames(out));
        } else if (this instanceof Sum s) {
            s.terms().forEach(t -> t.collectNames(out));
        }
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
