package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Remark 3.1: the limit {@code √V Z} is a Gaussian scale mixture, so its excess kurtosis
 * {@code 3 E[V²]/E[V]² − 3 = 3 Var(V)/E[V]²} is positive (heavier tails than a Gaussian) for every finite
 * {@code H}, and, the heads being iid, exactly {@code κ(1)/H}. "Positive" alone holds for any non-constant
 * {@code V}, so the check is the quantitative form: {@code H κ̂(H)} from the suite's Monte Carlo draws of
 * {@code V} ({@link AttentionCase#limitV}) against {@code κ(1)} from {@code AttentionLimit}'s quadrature,
 * for {@code H = 1, 2, 4, 16} (delta-method intervals). It fails if the heads were not independent (a
 * shared score draw keeps {@code H κ(H)} at {@code H κ(1)}) or the mixture were wrong. The finite-width excess
 * kurtosis of {@code y_1} (one head) at each width is an illustration.
 */
public final class Remark31Check implements Check {

    @Override
    public String name() {
        return "remark-3.1";
    }

    @Override
    public String statement() {
        return "Remark 3.1";
    }

    @Override
    public String claim() {
        return "excess kurtosis 3E[V^2]/E[V]^2 - 3 = kappa(1)/H > 0 (heavier tails than Gaussian)";
    }

    /** @return draws of the limit's {@code V} (cheap: {@code s·H} normals each) */
    static int limitCount(Settings settings) {
        return 10 * settings.samples();
    }

    @Override
    public CheckResult run(Settings settings) {
        List<CheckResult.Row> rows = new ArrayList<>();
        double kappa1 = Corollary32Check.law(AttentionCase.standard(1)).excessKurtosis().value();
        for (int h : new int[] {1, 2, 4, 16}) {
            AttentionCase c = AttentionCase.standard(h);
            double[] est = excessKurtosis(DrawCache.limitV(c, limitCount(settings), settings));
            rows.add(CheckResult.Row.check(c.label(), "H x limit excess kurtosis vs kappa(1) (quadrature)", 0, h * est[0],
                    h * est[1], kappa1, 0, kappa1, settings.perturb()));
        }
        AttentionCase one = AttentionCase.standard(1);
        int count = Theorem31Check.count(settings);
        for (int n : settings.widths()) {
            double[] est = excessKurtosis(DrawCache.finiteV(one, n, count, settings));
            rows.add(CheckResult.Row.illustration(one.label(), "finite-width excess kurtosis of y_1 (illustration)", n,
                    est[0], est[1], kappa1, 0, kappa1));
            settings.progress().accept(name() + ": n = " + n);
        }
        return CheckResult.of(this, Settings.LEVEL + " (delta method)", rows,
                "the kurtosis falls like 1/H exactly: the infinite-head limit is Gaussian");
    }

    /** @return {@code {κ, Z·SE}} with {@code κ = 3(m2/m1² − 1)}, SE by the delta method */
    static double[] excessKurtosis(double[] v) {
        int n = v.length;
        double m1 = 0;
        double m2 = 0;
        for (double x : v) {
            m1 += x;
            m2 += x * x;
        }
        m1 /= n;
        m2 /= n;
        double g1 = -6 * m2 / (m1 * m1 * m1);
        double g2 = 3 / (m1 * m1);
        double var = 0;
        for (double x : v) {
            double d = g1 * (x - m1) + g2 * (x * x - m2);
            var += d * d;
        }
        var /= (n - 1);
        return new double[] {3 * (m2 / (m1 * m1) - 1), Settings.Z * Math.sqrt(var / n)};
    }
}
