package org.attnlimit.symbolic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.attnlimit.calculus.Normal;
import org.hipparchus.special.Erf;
import org.hipparchus.util.FastMath;

/**
 * A formula compiled to a tree of double-precision operations: the fast numeric evaluator behind
 * {@code attnlimit check} and the closed-form catalogue. Built from Symja's expression tree once
 * ({@link ClaimAlgebra}), then evaluated at hundreds of parameter points without the computer algebra:
 * one Symja {@code N(…)} per point costs ~0.1 ms and runs on Symja's single thread, a tree walk costs
 * ~0.1 µs and is thread-safe (the tree is immutable). Hand-written because no library here evaluates a
 * Symja tree in doubles with a rounding-error bound.
 *
 * <p>Every evaluation also returns a bound on its own rounding error (running error analysis, Higham,
 * <i>Accuracy and Stability of Numerical Algorithms</i>, §3.3): each operation adds a few units of
 * {@code u = 2⁻⁵³} of its magnitude, and each function propagates its input's error through a bound on
 * its derivative (or, where the derivative blows up — {@code √x} at 0, {@code arccos} at ±1 — through
 * the Hölder bounds {@code |√a − √b| ≤ √|a − b|}, {@code |arccos a − arccos b| ≤ π√(|a − b|/2)}).
 *
 * <p>Literals written with finitely many digits in a claim ({@code 0.06876581}) are marked as rounded:
 * {@link #literalRounding} is the change in the value when each is moved by half a unit in its last
 * place, the claim's own rounding error.
 */
public final class CompiledForm {
    /** Unit roundoff 2⁻⁵³. */
    private static final double U = 0x1p-53;
    /** Relative accuracy assumed for erf, erfc, exp and log of Hipparchus/FastMath (documented ≤ 1 ulp; 8 ulps of margin). */
    private static final double LIB = 16 * U;

    /** The functions a formula may use. */
    enum Fn {
        EXP, LOG, SIN, COS, TAN, ARCSIN, ARCCOS, ARCTAN, SINH, COSH, TANH, ERF, ERFC, ABS, NCDF, NPDF, MAX, MIN
    }

    private final Node root;
    private final List<String> variables;
    private final int literals;

    CompiledForm(Node root, List<String> variables, int literals) {
        this.root = root;
        this.variables = List.copyOf(variables);
        this.literals = literals;
    }

    /** @return the variable names, in the order {@link #evaluate} expects their values */
    public List<String> variables() {
        return variables;
    }

    /** @return how many rounded literals the formula holds */
    public int roundedLiterals() {
        return literals;
    }

    /** @return the value at {@code x} (aligned with {@link #variables()}) */
    public double evaluate(double[] x) {
        return new Ctx(x, new double[literals]).value(root);
    }

    /** @return {value, bound on its rounding error} at {@code x}; NaN or ∞ where the formula is undefined */
    public double[] evaluateWithError(double[] x) {
        Ctx ctx = new Ctx(x, new double[literals]);
        double v = ctx.value(root);
        return new double[] {v, ctx.err};
    }

    /**
     * @return the functions whose zeros are the formula's breakpoints, where it may have a kink: the difference of
     *     the arguments of each {@code Max}/{@code Min} (a clip is written with them) and the argument of each
     *     {@code Abs}, compiled over the same variables (for {@code check}'s search of the corners)
     */
    public List<CompiledForm> kinkFunctions() {
        List<CompiledForm> out = new ArrayList<>();
        collectKinks(root, out);
        return out;
    }

    private void collectKinks(Node n, List<CompiledForm> out) {
        if (n instanceof Apply a) {
            if ((a.fn == Fn.MAX || a.fn == Fn.MIN) && a.args.length == 2) {
                Node minus = new Product(new Node[] {new Const(-1, 0, 0), a.args[1]});
                out.add(new CompiledForm(new Sum(new Node[] {a.args[0], minus}), variables, literals));
            } else if (a.fn == Fn.ABS) {
                out.add(new CompiledForm(a.args[0], variables, literals));
            }
            for (Node c : a.args) {
                collectKinks(c, out);
            }
        } else if (n instanceof Sum s) {
            for (Node c : s.terms) {
                collectKinks(c, out);
            }
        } else if (n instanceof Product p) {
            for (Node c : p.factors) {
                collectKinks(c, out);
            }
        } else if (n instanceof Pow p) {
            collectKinks(p.base, out);
            collectKinks(p.exponent, out);
        }
    }

    /**
     * The claim's own rounding error at {@code x}: {@code Σ_i max_± |f(…, ℓ_i ± δ_i, …) − f(…)|} over the
     * rounded literals {@code ℓ_i}, {@code δ_i} half a unit in the last written place (first order in
     * the δ_i, which are small).
     */
    public double literalRounding(double[] x) {
        if (literals == 0) {
            return 0;
        }
        double[] shift = new double[literals];
        double base = new Ctx(x, shift).value(root);
        double sum = 0;
        for (int i = 0; i < literals; i++) {
            double worst = 0;
            for (int sign = -1; sign <= 1; sign += 2) {
                shift[i] = sign;
                worst = Math.max(worst, Math.abs(new Ctx(x, shift).value(root) - base));
            }
            shift[i] = 0;
            sum += worst;
        }
        return sum;
    }

    // ---------------------------------------------------------------- nodes

    /** One operation of the tree. */
    sealed interface Node permits Const, Var, Sum, Product, Pow, Apply {
    }

    /** A number; {@code half > 0} marks a rounded literal (index {@code slot}) standing for {@code value ± half}. */
    record Const(double value, double half, int slot) implements Node {
    }

    /** The i-th variable. */
    record Var(int index) implements Node {
    }

    /** Σ terms. */
    record Sum(Node[] terms) implements Node {
    }

    /** Π factors. */
    record Product(Node[] factors) implements Node {
    }

    /** base^exponent. */
    record Pow(Node base, Node exponent) implements Node {
    }

    /** f(args). */
    record Apply(Fn fn, Node[] args) implements Node {
    }

    /** One evaluation: the variables, the literal shifts (in units of their half-unit), the error of the last node. */
    private static final class Ctx {
        final double[] x;
        final double[] shift;
        double err;

        Ctx(double[] x, double[] shift) {
            this.x = x;
            this.shift = shift;
        }

        double value(Node n) {
            if (n instanceof Const c) {
                err = c.value == Math.rint(c.value) && Math.abs(c.value) < 0x1p53 ? 0 : U * Math.abs(c.value);
                return c.half > 0 ? c.value + shift[c.slot] * c.half : c.value;
            }
            if (n instanceof Var v) {
                err = 0;
                return x[v.index];
            }
            if (n instanceof Sum s) {
                double sum = 0;
                double abs = 0;
                double e = 0;
                for (Node t : s.terms) {
                    double y = value(t);
                    sum += y;
                    abs += Math.abs(y);
                    e += err;
                }
                err = e + s.terms.length * U * abs;
                return sum;
            }
            if (n instanceof Product p) {
                double prod = 1;
                double magnitude = 1;
                double widened = 1;
                for (Node f : p.factors) {
                    double y = value(f);
                    prod *= y;
                    magnitude *= Math.abs(y);
                    widened *= Math.abs(y) + err;
                }
                // |Π(y_i + ε_i) − Π y_i| ≤ Π(|y_i| + e_i) − Π|y_i|, plus one rounding per multiplication.
                err = (widened - magnitude) + p.factors.length * U * widened;
                return prod;
            }
            if (n instanceof Pow w) {
                return power(w);
            }
            return apply((Apply) n);
        }

        private double power(Pow w) {
            double b = value(w.base);
            double eb = err;
            if (w.exponent instanceof Const c && c.half == 0) {
                double y = c.value;
                double r = FastMath.pow(b, y);
                double ab = Math.abs(b);
                if (y == 0.5) {
                    // a negative radicand within its rounding error may be exactly 0 (e.g. v1 v2 - c12^2 at rho = 1)
                    r = FastMath.sqrt(b < 0 && -b <= eb ? 0 : b);
                    err = Math.min(Math.sqrt(eb), ab > 0 ? eb / Math.sqrt(ab) : Double.POSITIVE_INFINITY) + 2 * U * Math.abs(r);
                } else if (y > 0 && y < 1) {
                    err = Math.pow(eb, y) + LIB * Math.abs(r);
                } else if (y >= 1) {
                    // |(b ± e)^y − b^y| ≤ (|b| + e)^y − |b|^y for y ≥ 1
                    err = (FastMath.pow(ab + eb, y) - FastMath.pow(ab, y)) + (y == Math.rint(y) ? Math.abs(y) * U : LIB)
                            * FastMath.pow(ab + eb, y);
                } else {
                    // y < 0: |b|^y changes by at most |b−e|^y − |b|^y while e < |b|
                    err = eb >= ab ? Double.POSITIVE_INFINITY
                            : (FastMath.pow(ab - eb, y) - FastMath.pow(ab, y)) + (Math.abs(y) + 2) * LIB * FastMath.pow(ab - eb, y);
                }
                return r;
            }
            double y = value(w.exponent);
            double ey = err;
            if (w.base instanceof Const c && c.value == Math.E && c.half == 0) {
                double r = FastMath.exp(y);
                err = Math.abs(r) * Math.expm1(ey) + LIB * Math.abs(r);
                return r;
            }
            // b^y = exp(y log b), b > 0
            double r = FastMath.pow(b, y);
            if (!(b > 0) || eb >= b) {
                err = Double.POSITIVE_INFINITY;
                return r;
            }
            double elog = -Math.log1p(-eb / b);
            double earg = Math.abs(y) * elog + Math.abs(Math.log(b)) * ey + ey * elog;
            err = Math.abs(r) * Math.expm1(earg) + 4 * LIB * Math.abs(r);
            return r;
        }

        private double apply(Apply a) {
            double x0 = value(a.args[0]);
            double e0 = err;
            switch (a.fn) {
                case MAX:
                case MIN: {
                    double x1 = value(a.args[1]);
                    err = Math.max(e0, err);
                    return a.fn == Fn.MAX ? Math.max(x0, x1) : Math.min(x0, x1);
                }
                case EXP: {
                    double r = FastMath.exp(x0);
                    err = r * Math.expm1(e0) + LIB * r;
                    return r;
                }
                case LOG: {
                    double r = FastMath.log(x0);
                    err = e0 >= Math.abs(x0) ? Double.POSITIVE_INFINITY : -Math.log1p(-e0 / Math.abs(x0)) + LIB * Math.abs(r);
                    return r;
                }
                case SIN:
                case COS: {
                    double r = a.fn == Fn.SIN ? FastMath.sin(x0) : FastMath.cos(x0);
                    err = Math.min(e0, 2) + LIB;
                    return r;
                }
                case TAN: {
                    double r = FastMath.tan(x0);
                    double hi = Math.max(Math.abs(FastMath.tan(x0 - e0)), Math.abs(FastMath.tan(x0 + e0)));
                    err = e0 * (1 + hi * hi) + LIB * Math.abs(r);
                    return r;
                }
                case ARCSIN:
                case ARCCOS: {
                    if (Math.abs(x0) > 1 && Math.abs(x0) - 1 <= e0 + 2 * U) {
                        x0 = Math.signum(x0);   // outside [-1, 1] by rounding only: the exact argument may be ±1
                    }
                    double r = a.fn == Fn.ARCSIN ? FastMath.asin(x0) : FastMath.acos(x0);
                    double m = Math.min(1, Math.abs(x0) + e0);
                    double slope = m < 1 ? e0 / Math.sqrt((1 - m) * (1 + m)) : Double.POSITIVE_INFINITY;
                    err = Math.min(slope, Math.PI * Math.sqrt(e0 / 2)) + LIB * Math.abs(r) + LIB;
                    return r;
                }
                case ARCTAN: {
                    double r = FastMath.atan(x0);
                    err = e0 + LIB * Math.abs(r);
                    return r;
                }
                case SINH:
                case COSH:
                case TANH: {
                    double r = a.fn == Fn.SINH ? FastMath.sinh(x0) : a.fn == Fn.COSH ? FastMath.cosh(x0) : FastMath.tanh(x0);
                    double slope = a.fn == Fn.TANH ? 1 : FastMath.cosh(Math.abs(x0) + e0);
                    err = slope * e0 + LIB * Math.abs(r);
                    return r;
                }
                case ERF:
                case ERFC: {
                    double r = a.fn == Fn.ERF ? Erf.erf(x0) : Erf.erfc(x0);
                    err = 2 / Math.sqrt(Math.PI) * e0 + LIB * Math.abs(r) + U;
                    return r;
                }
                case ABS:
                    err = e0;
                    return Math.abs(x0);
                case NCDF: {
                    double r = Normal.cdf(x0);
                    err = Normal.INV_SQRT_2PI * e0 + LIB * Math.abs(r) + U;
                    return r;
                }
                case NPDF: {
                    double r = Normal.pdf(x0);
                    // |φ'(x)| = |x|φ(x) ≤ φ(1) < 0.242
                    err = 0.242 * e0 + LIB * r + U * Math.abs(x0 * x0) * r;
                    return r;
                }
                default:
                    throw new IllegalStateException("unreachable: " + a.fn);
            }
        }
    }

    // ---------------------------------------------------------------- serialisation (the catalogue stores trees)

    /**
     * @return the tree in postfix notation: {@code #value} or {@code #value~half} (a rounded literal),
     *     {@code $name}, {@code +n}, {@code *n}, {@code ^}, and function names — readable back by {@link #parse}
     */
    public String toPostfix() {
        StringBuilder b = new StringBuilder();
        write(root, b);
        return b.toString().trim();
    }

    private void write(Node n, StringBuilder b) {
        if (n instanceof Const c) {
            b.append('#').append(c.value);
            if (c.half > 0) {
                b.append('~').append(c.half);
            }
        } else if (n instanceof Var v) {
            b.append('$').append(variables.get(v.index));
        } else if (n instanceof Sum s) {
            for (Node t : s.terms) {
                write(t, b);
            }
            b.append('+').append(s.terms.length);
        } else if (n instanceof Product p) {
            for (Node f : p.factors) {
                write(f, b);
            }
            b.append('*').append(p.factors.length);
        } else if (n instanceof Pow w) {
            write(w.base, b);
            write(w.exponent, b);
            b.append('^');
        } else {
            Apply a = (Apply) n;
            for (Node x : a.args) {
                write(x, b);
            }
            b.append(a.fn.name().toLowerCase(Locale.ROOT));
        }
        b.append(' ');
    }

    /** Reads {@link #toPostfix()} output back; variables are numbered in order of first appearance in {@code variables}. */
    public static CompiledForm parse(String postfix, List<String> variables) {
        Deque<Node> stack = new ArrayDeque<>();
        int literals = 0;
        for (String tok : postfix.trim().split("\\s+")) {
            char c = tok.charAt(0);
            if (c == '#') {
                int tilde = tok.indexOf('~');
                if (tilde < 0) {
                    stack.push(new Const(Double.parseDouble(tok.substring(1)), 0, -1));
                } else {
                    stack.push(new Const(Double.parseDouble(tok.substring(1, tilde)),
                            Double.parseDouble(tok.substring(tilde + 1)), literals++));
                }
            } else if (c == '$') {
                int i = variables.indexOf(tok.substring(1));
                if (i < 0) {
                    throw new IllegalArgumentException("postfix form uses unknown variable " + tok);
                }
                stack.push(new Var(i));
            } else if (c == '+' || c == '*') {
                Node[] args = pop(stack, Integer.parseInt(tok.substring(1)));
                stack.push(c == '+' ? new Sum(args) : new Product(args));
            } else if (c == '^') {
                Node e = stack.pop();
                Node b = stack.pop();
                stack.push(new Pow(b, e));
            } else {
                Fn fn = Fn.valueOf(tok.toUpperCase(Locale.ROOT));
                stack.push(new Apply(fn, pop(stack, fn == Fn.MAX || fn == Fn.MIN ? 2 : 1)));
            }
        }
        if (stack.size() != 1) {
            throw new IllegalArgumentException("malformed postfix form: " + postfix);
        }
        return new CompiledForm(stack.pop(), variables, literals);
    }

    private static Node[] pop(Deque<Node> stack, int n) {
        List<Node> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(0, stack.pop());
        }
        return args.toArray(new Node[0]);
    }
}
