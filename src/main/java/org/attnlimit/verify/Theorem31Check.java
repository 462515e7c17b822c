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
 * With {@code Z^y | p̊ ~ N(0, V(p̊))}: {@code ψ = cos} gives {@code f = exp(−V/2)}, {@code ψ(y) = exp(−y²)}
 * gives {@code f = (1 + 2V)^{−1/2}}. The limit is random (a function of {@code p̊}), unlike the master
 * theorem's constant.
 *
 * <p>The rows follow the proof's split of the error (Sections D.1.2–D.1.3):
 * <ul>
 *   <li>self-averaging: {@code E|T_n − E[T_n | p_n, v]| ≤ 1/√n}, since given the scores and values the
 *       {@code ψ(y_α)} are iid in {@code [−1, 1]} (binding at every width);</li>
 *   <li>the law of {@code f(p_n)} against that of {@code f(p̊)}: two-sample KS (binding at the largest
 *       width, α = 1e-6) — Proposition D.1 plus continuous mapping;</li>
 *   <li>W1 between {@code T_n} and {@code f(p̊)} (information: the total error, slow because the law of
 *       {@code V} has a fold at its minimum, where small perturbations move much mass).</li>
 * </ul>
 */
public final class Theorem31Check implements Check {
    private static final double ALPHA = 1e-6;

    /** A test function and its conditional expectation given {@code V}. */
    private record Psi(String name, DoubleUnaryOperator psi, DoubleUnaryOperator given) {
    }

    private static final List<Psi> FUNCTIONS = List.of(
            new Psi("psi = cos", Math::cos, v -> Math.exp(-v / 2)),
            new Psi("psi = exp(-y^2)", y -> Math.exp(-y * y), v -> 1 / Math.sqrt(1 + 2 * v)));

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

    @Override
    public CheckResult run(Settings settings) {
        int count = settings.samples() / 4;
        double[] limitV = DrawCache.limitV(attention, count, settings);
        double critical = Distances.ksCritical(count, count, ALPHA);
        List<CheckResult.Row> rows = new ArrayList<>();
        for (Psi f : FUNCTIONS) {
            double[] limit = Arrays.stream(limitV).map(f.given()).toArray();
            for (int n : settings.widths()) {
                double[][] draws = DrawCache.finiteDraws(attention, n, count, settings);
                double[] averages = averages(draws[0], n, f.psi(), settings, f.name());
                double[] conditional = Arrays.stream(draws[0]).map(f.given()).toArray();
                double[] gap = new double[count];
                for (int i = 0; i < count; i++) {
                    gap[i] = Math.abs(averages[i] - conditional[i]);
                }
                Sample g = Sample.of(gap);
                String label = attention.label() + ", " + f.name();
                rows.add(CheckResult.Row.interval(label, "E|T_n - E[T_n | p_n, v]|", n, g.mean(), g.halfWidth(), 0,
                        1 / Math.sqrt(n), true));
                double d = KolmogorovSmirnov.twoSampleDistance(Arrays.stream(draws[1]).map(f.given()).toArray(), limit);
                rows.add(new CheckResult.Row(label, "KS(f(p_n), f(p_ring))", n, d, critical, 0, 0, d <= critical,
                        n == settings.maxWidth()));
                rows.add(new CheckResult.Row(label, "W1(T_n, f(p_ring)) (info)", n, Wasserstein.twoSample(averages, limit), 0, 0, 0,
                        true, false));
                settings.progress().accept(name() + ": " + f.name() + ", n = " + n);
            }
        }
        return CheckResult.of(this, Settings.LEVEL + "; two-sample KS critical value at alpha = 1e-6", rows,
                "the limit of the average is random (it depends on p_ring): no constant could match it");
    }

    /** {@code (1/n) Σ_α ψ(√V Z_α)} for each draw of {@code V}: given {@code V_n}, the {@code y_α} are iid. */
    private static double[] averages(double[] v, int n, DoubleUnaryOperator psi, Settings settings, String salt) {
        return settings.sampler(DrawCache.salt("psi|" + salt + "|" + n), 1).sample(v.length, (rng, out, from, to) -> {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            for (int i = from; i < to; i++) {
                double sd = Math.sqrt(v[i]);
                double s = 0;
                for (int alpha = 0; alpha < n; alpha++) {
                    s += psi.applyAsDouble(sd * g.sample());
                }
                out[i] = s / n;
            }
        }, null);
    }
}
