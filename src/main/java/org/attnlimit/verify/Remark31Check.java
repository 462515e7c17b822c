package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Remark 3.1: the limit {@code √V Z} is a Gaussian scale mixture, so its excess kurtosis
 * {@code 3 E[V²]/E[V]² − 3 = 3 Var(V)/E[V]²} is positive (heavier tails than a Gaussian) for every finite
 * {@code H}, and shrinks like {@code 1/H}. Rows: the limit's excess kurtosis for {@code H = 1, 2, 4, 16}
 * with a delta-method interval (binding: its lower end must be {@code > 0}), and the finite-width excess
 * kurtosis of {@code y_1} (one head) at each width (information).
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
        return "excess kurtosis 3E[V^2]/E[V]^2 - 3 > 0 (heavier tails than Gaussian)";
    }

    @Override
    public CheckResult run(Settings settings) {
        int count = settings.samples() / 4;
        List<CheckResult.Row> rows = new ArrayList<>();
        for (int h : new int[] {1, 2, 4, 16}) {
            AttentionCase c = AttentionCase.standard(h);
            double[] est = excessKurtosis(DrawCache.limitV(c, count, settings));
            rows.add(new CheckResult.Row(c.label(), "limit excess kurtosis (> 0)", 0, est[0], est[1], 0, 0,
                    est[0] - est[1] > 0, true));
        }
        AttentionCase one = AttentionCase.standard(1);
        double[] limit = excessKurtosis(DrawCache.limitV(one, count, settings));
        for (int n : settings.widths()) {
            double[] est = excessKurtosis(DrawCache.finiteV(one, n, count, settings));
            rows.add(new CheckResult.Row(one.label(), "finite-width excess kurtosis of y_1 (info)", n, est[0], est[1],
                    limit[0], 0, Math.abs(est[0] - limit[0]) <= est[1] + limit[1], false));
            settings.progress().accept(name() + ": n = " + n);
        }
        return CheckResult.of(this, Settings.LEVEL + " (delta method)", rows,
                "the kurtosis falls like 1/H: the infinite-head limit is Gaussian");
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
