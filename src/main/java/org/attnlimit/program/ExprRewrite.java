package org.attnlimit.program;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.attnlimit.calculus.Activation;

/**
 * Rewrites of a Nonlin expression {@code ψ(g¹..gᵐ; p_1..p_r)} (Theorem 3.1) that the limit engine reads its
 * laws from: inlining down to G-vars and scores, splitting into additive terms, the test "affine in the
 * G-vars given the scores" (then {@code Z^h} is Gaussian given {@code p̊}, Definition 3.1), the extraction
 * of Gaussian features (maximal affine sub-expressions that read a G-var), and a canonical key under
 * renaming (identical heads of Example 3.1 are then recognised as one). Stateless.
 */
public final class ExprRewrite {
    private ExprRewrite() {
    }

    /**
     * The node with each direct child replaced by {@code f(child)}; a leaf (and a {@link Expr.Norm}, whose
     * argument is a whole vector, not a coordinatewise sub-expression) is returned as it is.
     */
    public static Expr mapChildren(Expr e, UnaryOperator<Expr> f) {
        if (e instanceof Expr.Apply a) {
            return new Expr.Apply(a.phi(), f.apply(a.arg()));
        } else if (e instanceof Expr.Prod p) {
            return new Expr.Prod(p.factors().stream().map(f).toList());
        } else if (e instanceof Expr.Sum s) {
            return new Expr.Sum(s.terms().stream().map(f).toList());
        } else if (e instanceof Expr.Attend a) {
            return new Expr.Attend(a.logits().stream().map(f).toList(), a.values().stream().map(f).toList());
        } else if (e instanceof Expr.Softmax s) {
            return new Expr.Softmax(s.index(), s.logits().stream().map(f).toList());
        }
        return e;
    }

    /**
     * Inlines Nonlin vectors until only G-vars and scores remain.
     *
     * @param e an expression of {@code program}
     * @param program the program defining the Nonlin vectors {@code e} reads
     * @param isGVar which vector names are G-vars (kept as they are)
     */
    public static Expr inline(Expr e, Program program, Predicate<String> isGVar) {
        if (e instanceof Expr.Ref r) {
            if (isGVar.test(r.name())) {
                return r;
            }
            Statement s = program.definition(r.name()).orElseThrow();
            return inline(((Statement.Nonlin) s).expr(), program, isGVar);
        }
        return mapChildren(e, x -> inline(x, program, isGVar));
    }

    /** @return the additive terms of {@code e}, through sums and constant factors (constants multiplied in) */
    public static List<Expr> terms(Expr e) {
        List<Expr> out = new ArrayList<>();
        collectTerms(e, 1.0, out);
        return out;
    }

    /** Splits {@code coef·e} into additive terms through sums and constant factors. */
    private static void collectTerms(Expr e, double coef, List<Expr> out) {
        if (e instanceof Expr.Sum s) {
            for (Expr t : s.terms()) {
                collectTerms(t, coef, out);
            }
            return;
        }
        if (e instanceof Expr.Prod p) {
            double c = coef;
            List<Expr> rest = new ArrayList<>();
            for (Expr x : p.factors()) {
                if (x instanceof Expr.Const k) {
                    c *= k.value();
                } else {
                    rest.add(x);
                }
            }
            if (rest.size() == 1) {
                collectTerms(rest.get(0), c, out);
                return;
            }
            if (rest.isEmpty()) {
                out.add(new Expr.Const(c));
                return;
            }
            if (c == 1) {
                out.add(new Expr.Prod(rest));
            } else {
                List<Expr> l = new ArrayList<>();
                l.add(new Expr.Const(c));
                l.addAll(rest);
                out.add(new Expr.Prod(l));
            }
            return;
        }
        if (e instanceof Expr.Const k) {
            out.add(new Expr.Const(coef * k.value()));
            return;
        }
        out.add(coef == 1 ? e : new Expr.Prod(List.of(new Expr.Const(coef), e)));
    }

    /** @return the sum of {@code terms} ({@code terms} itself when there is one) */
    public static Expr sum(List<Expr> terms) {
        return terms.size() == 1 ? terms.get(0) : new Expr.Sum(terms);
    }

    /**
     * Whether an affine {@code e} vanishes when every G-var is 0, whatever the scores (then, with centred
     * G-vars, its conditional mean is 0 at every score value).
     */
    public static boolean zeroAtZero(Expr e) {
        if (e instanceof Expr.Ref) {
            return true;
        } else if (e instanceof Expr.Const c) {
            return c.value() == 0;
        } else if (e instanceof Expr.Apply a) {
            return a.phi().kind() == Activation.Kind.IDENTITY && zeroAtZero(a.arg());
        } else if (e instanceof Expr.Sum s) {
            return s.terms().stream().allMatch(ExprRewrite::zeroAtZero);
        } else if (e instanceof Expr.Prod p) {
            return p.factors().stream().anyMatch(ExprRewrite::zeroAtZero);
        } else if (e instanceof Expr.Attend a) {
            return a.values().stream().allMatch(ExprRewrite::zeroAtZero);
        }
        return false;
    }

    /** Whether {@code e} is affine in the G-vars for fixed scores (then Gaussian given {@code p̊}). */
    public static boolean affine(Expr e) {
        if (e.vectors().isEmpty()) {
            return true;   // scores and constants only: fixed given p̊
        }
        if (e instanceof Expr.Ref) {
            return true;
        } else if (e instanceof Expr.Apply a) {
            return a.phi().kind() == Activation.Kind.IDENTITY && affine(a.arg());
        } else if (e instanceof Expr.Sum s) {
            return s.terms().stream().allMatch(ExprRewrite::affine);
        } else if (e instanceof Expr.Prod p) {
            int withG = 0;
            for (Expr x : p.factors()) {
                if (!x.vectors().isEmpty()) {
                    withG++;
                    if (!affine(x)) {
                        return false;
                    }
                }
            }
            return withG <= 1;
        } else if (e instanceof Expr.Attend a) {
            return a.logits().stream().allMatch(x -> x.vectors().isEmpty())
                    && a.values().stream().allMatch(ExprRewrite::affine);
        }
        return false;   // a softmax weight of G-dependent logits
    }

    /** @return the name of the i-th feature variable that {@link #extractFeatures} puts in place of a feature */
    public static String featureName(int i) {
        return "feature" + i + "'";
    }

    /**
     * Replaces each maximal affine sub-expression that reads a G-var (a Gaussian feature given the scores)
     * by a feature variable {@link #featureName}{@code (i)}.
     *
     * @param e the expression
     * @param found receives the features, in order
     * @return the outer function of the features
     */
    public static Expr extractFeatures(Expr e, List<Expr> found) {
        if (!e.vectors().isEmpty() && affine(e)) {
            found.add(e);
            return new Expr.Ref(featureName(found.size() - 1));
        }
        return mapChildren(e, x -> extractFeatures(x, found));
    }

    /**
     * A canonical string: the expression with its names replaced by their order of appearance
     * ({@code g0, p1, …}), so that expressions equal up to renaming have equal keys.
     *
     * @param rename the renaming so far (shared across the expressions of one key)
     */
    public static String canonical(Expr e, Map<String, String> rename) {
        if (e instanceof Expr.Ref r) {
            return rename.computeIfAbsent("v:" + r.name(), k -> "g" + rename.size());
        } else if (e instanceof Expr.ScoreRef r) {
            return rename.computeIfAbsent("s:" + r.name(), k -> "p" + rename.size());
        } else if (e instanceof Expr.Const c) {
            return Double.toString(c.value());
        } else if (e instanceof Expr.Apply a) {
            return a.phi().spec() + "(" + canonical(a.arg(), rename) + ")";
        } else if (e instanceof Expr.Softmax s) {
            return "softmax" + s.index() + "(" + String.join(",", s.logits().stream().map(x -> canonical(x, rename)).toList()) + ")";
        }
        String head = e instanceof Expr.Prod ? "prod" : e instanceof Expr.Sum ? "sum" : "attend";
        return head + "(" + String.join(",", e.children().stream().map(x -> canonical(x, rename)).toList()) + ")";
    }
}
