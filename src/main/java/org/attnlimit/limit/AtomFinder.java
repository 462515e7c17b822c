package org.attnlimit.limit;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.Normal;
import org.attnlimit.program.Expr;

/**
 * Point masses of a limit law (Theorem 3.1's {@code Z^y = ψ(Z^g; p̊)} need not have a density):
 * <ul>
 *   <li>{@code φ(L)} for a nondecreasing {@code φ} that is constant on an interval {@code [a, b]}
 *       (ReLU on {@code (−∞, 0]}, clip on {@code (−∞, −c]} and {@code [c, ∞)}) and a feature
 *       {@code L | p̊ ~ N(m, v)}: an atom at {@code φ([a, b])} of mass {@code E[Φ((b−m)/√v) − Φ((a−m)/√v)]};</li>
 *   <li>a conditionally Gaussian part {@code Σ_j φ_j(p̊_j) U_j} whose weights vanish where the scores are
 *       negative (ReLU-weighted attention): {@code y = 0} exactly when every {@code p̊_j ≤ 0}, an atom at 0
 *       of mass the Gaussian orthant probability {@code P(p̊_1 ≤ 0, …, p̊_d ≤ 0)}, in closed form for
 *       {@code d ≤ 3}: {@code 1/2}, {@code 1/4 + asin ρ/(2π)}, {@code 1/8 + Σ_{i<j} asin ρ_ij/(4π)}.</li>
 * </ul>
 */
final class AtomFinder {
    private AtomFinder() {
    }

    /** An interval on which φ is constant, and that constant. */
    record Flat(double from, double to, double value) {
    }

    /** @return the maximal intervals (between φ's breakpoints) on which the nondecreasing {@code φ} is constant */
    static List<Flat> flats(Activation phi) {
        double[] b = phi.breakpoints();
        List<Flat> out = new ArrayList<>();
        for (int i = 0; i <= b.length; i++) {
            double lo = i == 0 ? Double.NEGATIVE_INFINITY : b[i - 1];
            double hi = i == b.length ? Double.POSITIVE_INFINITY : b[i];
            double a = Double.isInfinite(lo) ? (Double.isInfinite(hi) ? -1e6 : hi - 1e6) : lo;
            double c = Double.isInfinite(hi) ? (Double.isInfinite(lo) ? 1e6 : lo + 1e6) : hi;
            double v = phi.apply(a);
            boolean flat = true;
            for (int k = 0; k <= 8 && flat; k++) {
                flat = phi.apply(a + (c - a) * k / 8.0) == v;
            }
            if (flat) {
                out.add(new Flat(lo, hi, v));
            }
        }
        return out;
    }

    /** @return {@code P(a ≤ L ≤ b)}, {@code L ~ N(m, sd²)} */
    static double mass(double a, double b, double m, double sd) {
        if (!(sd > 0)) {
            return a <= m && m <= b ? 1 : 0;
        }
        double fb = Double.isInfinite(b) ? 1 : Normal.cdf((b - m) / sd);
        double fa = Double.isInfinite(a) ? 0 : Normal.cdf((a - m) / sd);
        return fb - fa;
    }

    /**
     * The weights of a ReLU-weighted conditionally Gaussian part: {@code Σ_j [c_j·] φ_j(p_j) U_j} with every
     * {@code φ_j} zero exactly on {@code (−∞, 0]} and positive after, {@code p_j} distinct scores and
     * {@code U_j} G-vars.
     *
     * @return the scores {@code p_j}, or an empty list if {@code e} is not of this form
     */
    static List<String> reluWeightedScores(Expr e) {
        List<Expr> terms = e instanceof Expr.Sum s ? s.terms() : List.of(e);
        List<String> scores = new ArrayList<>();
        for (Expr t : terms) {
            if (!(t instanceof Expr.Prod p)) {
                return List.of();
            }
            String score = null;
            boolean value = false;
            for (Expr f : p.factors()) {
                if (f instanceof Expr.Apply a && a.arg() instanceof Expr.ScoreRef r && zeroOnNegatives(a.phi()) && score == null) {
                    score = r.name();
                } else if (f instanceof Expr.Ref && !value) {
                    value = true;
                } else if (!(f instanceof Expr.Const)) {
                    return List.of();
                }
            }
            if (score == null || !value || scores.contains(score)) {
                return List.of();
            }
            scores.add(score);
        }
        return scores;
    }

    private static boolean zeroOnNegatives(Activation phi) {
        for (double t : new double[] {-1e6, -1, -1e-9, 0}) {
            if (phi.apply(t) != 0) {
                return false;
            }
        }
        for (double t : new double[] {1e-9, 1e-3, 1, 1e6}) {
            if (!(phi.apply(t) > 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param c the covariance of {@code p̊_1..p̊_d}
     * @return {@code P(p̊_j ≤ 0 for all j)} exactly for {@code d ≤ 3}, else NaN
     */
    static double orthant(double[][] c) {
        int d = c.length;
        if (d == 1) {
            return 0.5;
        }
        if (d == 2) {
            return 0.25 + Math.asin(rho(c, 0, 1)) / (2 * Math.PI);
        }
        if (d == 3) {
            return 0.125 + (Math.asin(rho(c, 0, 1)) + Math.asin(rho(c, 0, 2)) + Math.asin(rho(c, 1, 2))) / (4 * Math.PI);
        }
        return Double.NaN;
    }

    private static double rho(double[][] c, int i, int j) {
        return Math.max(-1, Math.min(1, c[i][j] / Math.sqrt(c[i][i] * c[j][j])));
    }
}
