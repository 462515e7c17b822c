package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.Wasserstein;

/**
 * Theorem 3.1 (and its equivalent form, Theorem 4.1) for the attention output {@code y} of Example 3.1:
 * {@code T_n = (1/n) Σ_α ψ(y_α) → E[ψ(Z^y) | p̊] = f(p̊)} in distribution, for bounded Lipschitz {@code ψ}.
 * With {@code Z^y | p̊ ~ N(0, V(p̊))} and {@code ψ = cos}: {@code f = exp(−V/2)}. The limit is random (a
 * function of {@code p̊}), unlike the master theorem's constant.
 *
 * <p>Rows, at each width (checks at the largest, where the theorem's convergence is judged; the smaller
 * widths are illustrations of the trend, since convergence in distribution says nothing at a fixed {@code n}):
 * <ul>
 *   <li>the conditional law of the limit, {@code N(0, V(p))}, at the finite-width scores {@code p = p_n}
 *       against {@code p = p̊} (Section D.1.2: {@code p ↦ E[ψ(Z, p)]} is continuous and {@code p_n → p̊}) —
 *       two-sample KS of {@code V(p_n)} against {@code V(p̊)}; one row, since KS is invariant under the monotone
 *       maps {@code V ↦ f(V)} and so covers every such {@code ψ};</li>
 *   <li>the finite-width conditional law given scores and values, {@code N(0, V_n)}, {@code V_n} built with
 *       the empirical Gram of the values: an illustration, since the fold of the law of {@code V} at its
 *       minimum makes this KS distance fall slowly (0.08 at {@code n = 1024});</li>
 *   <li>the simulated averages {@code T_n} (ψ drawn at {@code n} coordinates) against the limit: mean,
 *       {@code E T_n} against {@code E f(p̊)}, and variance, {@code Var T_n − E[Var(ψ(y) | p_n, v)]/n} (the
 *       exact self-averaging term, {@code Var cos(√V Z) = (1 + e^{−2V})/2 − e^{−V}}) against
 *       {@code Var f(p̊)} — two-sample intervals;</li>
 *   <li>W1 between {@code T_n} and {@code f(p̊)} (illustration: the total error, slow because the law of
 *       {@code V} has a fold at its minimum, where small perturbations move much mass).</li>
 * </ul>
 */
public final class Theorem31Check implements Check {
    private static final double ALPHA = 1e-6;
    private static final DoubleUnaryOperator PSI = Math::cos;
    private static final DoubleUnaryOperator F = v -> Math.exp(-v / 2);
    private static final DoubleUnaryOperator CONDITIONAL_VARIANCE = v -> (1 + Math.exp(-2 * v)) / 2 - Math.exp(-v);

    private final AttentionCase attention;

    /** @param attention the layer */
    public Theorem31Check(AttentionCase attention) {
        this.attention = attention;
    }

    /** Two tokens, one head, {@code clip_1}. */
    public Theorem31Check() {
        this(AttentionCase.standard(1));
    }

    @Override
    public String name() {
        return "theorem-3.1";
    }

    @Override
    public String statement() {
        return "Theorem 3.1";
    }

    @Override
    public String claim() {
        return "(1/n) sum_alpha psi(y_alpha) -> E[psi(Z^y) | p_ring] in distribution";
    }

    /** @return finite-width draws per width of the attention checks (the limit gets four times as many) */
    static int count(Settings settings) {
        return Math.min(settings.samples(), 25_000);
    }

    @Override
    public CheckResult run(Settings settings) {
        int count = count(settings);
        double eps = settings.perturb();
        double[] limitV = DrawCache.limitV(attention, 4 * count, settings);
        double[] perturbedV = Power.scaled(limitV, settings.lawFactor());
        double critical = KolmogorovSmirnov.twoSampleCritical(count, limitV.length, ALPHA);
        double[] limitF = Arrays.stream(limitV).map(F).toArray();
        Sample limitMean = Sample.of(limitF);
        Sample limitVar = varianceOf(limitF);
        List<CheckResult.Row> rows = new ArrayList<>();
        String label = attention.label() + ", psi = cos";
        for (int n : settings.widths()) {
            boolean last = settings.judgesLimit(n);
            CheckResult.Kind kind = last ? CheckResult.Kind.CHECK : CheckResult.Kind.ILLUSTRATION;
            String small = last ? "" : " (trend: illustration)";
            double[][] draws = DrawCache.finiteDraws(attention, n, count, settings);
            double[] vn = draws[0];
            double[] vAtScores = draws[1];
            double d = KolmogorovSmirnov.twoSampleDistance(vAtScores, perturbedV);
            double d0 = eps == 0 ? d : KolmogorovSmirnov.twoSampleDistance(vAtScores, limitV);
            rows.add(CheckResult.Row.of(kind, attention.label(), "KS(V(p_n), V(p_ring)): conditional law at the scores" + small,
                    n, d, critical, 0, 0, d <= critical, 1, Power.ksScaleMdd(limitV, critical + d0)));
            double dn = KolmogorovSmirnov.twoSampleDistance(vn, limitV);
            rows.add(CheckResult.Row.of(CheckResult.Kind.ILLUSTRATION, attention.label(),
                    "KS(V_n, V(p_ring)): given scores and values (illustration: slow at the fold)", n, dn, critical, 0, 0,
                    dn <= critical, 1, Power.ksScaleMdd(limitV, critical + dn)));
            double[] averages = averages(vn, n, settings);
            Sample mean = Sample.of(averages);
            double hwMean = Settings.Z * Math.hypot(mean.se(), limitMean.se());
            Sample var = varianceOf(averages);
            double selfAveraging = Sample.of(vn, CONDITIONAL_VARIANCE).mean() / n;
            double hwVar = Settings.Z * Math.hypot(var.se(), limitVar.se());
            if (last) {
                rows.add(CheckResult.Row.check(label, "E T_n vs E f(p_ring)", n, mean.mean(), hwMean, limitMean.mean(), 0,
                        Math.abs(limitMean.mean()), eps));
                rows.add(CheckResult.Row.check(label, "Var T_n - E Var(psi|p_n,v)/n vs Var f(p_ring)", n,
                        var.mean() - selfAveraging, hwVar, limitVar.mean(), 0, limitVar.mean(), eps));
            } else {
                rows.add(CheckResult.Row.illustration(label, "E T_n vs E f(p_ring)" + small, n, mean.mean(), hwMean,
                        limitMean.mean(), 0, Math.abs(limitMean.mean())));
                rows.add(CheckResult.Row.illustration(label, "Var T_n - E Var(psi|p_n,v)/n vs Var f(p_ring)" + small, n,
                        var.mean() - selfAveraging, hwVar, limitVar.mean(), 0, limitVar.mean()));
            }
            rows.add(CheckResult.Row.illustration(label, "W1(T_n, f(p_ring)) (illustration)", n,
                    Wasserstein.twoSample(averages, limitF), 0, Double.NaN, 0, Double.NaN));
            settings.progress().accept(name() + ": n = " + n);
        }
        return CheckResult.of(this, Settings.LEVEL + "; two-sample KS critical value at alpha = 1e-6", rows,
                "the limit of the average is random (it depends on p_ring): no constant could match it; checks at the largest width if it is >= 1024 (Settings.LIMIT_WIDTH)");
    }

    /** @return the sample variance as the mean of {@code (x − x̄)²}, with the standard error of that mean */
    static Sample varianceOf(double[] x) {
        double m = Sample.of(x).mean();
        return Sample.of(x, v -> (v - m) * (v - m));
    }

    /** {@code (1/n) Σ_α ψ(√V Z_α)} for each draw of {@code V}: given {@code V_n}, the {@code y_α} are iid. */
    private static double[] averages(double[] v, int n, Settings settings) {
        return settings.sampler(DrawCache.salt("psi|psi = cos|" + n), 1).sample(v.length, (rng, out, from, to) -> {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            for (int i = from; i < to; i++) {
                double sd = Math.sqrt(v[i]);
                double s = 0;
                for (int alpha = 0; alpha < n; alpha++) {
                    s += PSI.applyAsDouble(sd * g.sample());
                }
                out[i] = s / n;
            }
        }, null);
    }
}
