package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Remark 3.2: the variance of the finite-head limit, {@code E[V]}, equals the variance of the
 * infinite-head Gaussian limit of Hron et al. (2020), {@code κ E‖softmax(p̊)‖²} (computed here by
 * quadrature); as {@code H → ∞}, {@code V → E[V]}. Rows: {@code E[V]} from limit draws for
 * {@code H = 1, 2, 4, 16} against the quadrature (binding), {@code H·Var(V)} (information: constant), and
 * the finite-width {@code E[y_1²]} (one head) against it (binding at the largest width).
 */
public final class Remark32Check implements Check {

    @Override
    public String name() {
        return "remark-3.2";
    }

    @Override
    public String statement() {
        return "Remark 3.2";
    }

    @Override
    public String claim() {
        return "Var Z^y = E[V] = infinite-head variance, for every H; V -> E[V] as H -> infinity";
    }

    @Override
    public CheckResult run(Settings settings) {
        int count = settings.samples() / 4;
        List<CheckResult.Row> rows = new ArrayList<>();
        double infinite = AttentionCase.standard(1).meanV();
        for (int h : new int[] {1, 2, 4, 16}) {
            AttentionCase c = AttentionCase.standard(h);
            double[] v = DrawCache.limitV(c, count, settings);
            Sample s = Sample.of(v);
            rows.add(CheckResult.Row.interval(c.label(), "limit E[V] vs infinite-head variance", 0, s.mean(),
                    s.halfWidth(), infinite, 0, true));
            double sd = s.se() * Math.sqrt(v.length);
            rows.add(new CheckResult.Row(c.label(), "H Var(V) (info: constant in H)", 0, h * sd * sd, 0, 0, 0, true, false));
        }
        AttentionCase one = AttentionCase.standard(1);
        for (int n : settings.widths()) {
            Sample s = Sample.of(DrawCache.finiteV(one, n, count, settings));
            rows.add(new CheckResult.Row(one.label(), "finite-width E[y_1^2]", n, s.mean(), s.halfWidth(), infinite, 0,
                    Math.abs(s.mean() - infinite) <= s.halfWidth(), n == settings.maxWidth()));
            settings.progress().accept(name() + ": n = " + n);
        }
        return CheckResult.of(this, Settings.LEVEL, rows,
                "E[y_1^2] = E[V_n] exactly given the draws of V_n; binding at the largest width only");
    }
}
