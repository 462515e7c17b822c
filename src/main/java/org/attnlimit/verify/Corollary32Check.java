package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.calculus.Activation;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.Wasserstein;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * Corollary 3.2 for Example 3.1: one output coordinate {@code y_1 → Z^{y_1}}, the Gaussian scale mixture
 * {@code √V Z}. Rows: two-sample KS distance (a check at the largest width, α = 1e-6, against four times as
 * many limit draws; an illustration below it) and W1 (illustration)
 * between finite-width draws and the suite's limit draws; and, at the largest width, the one-sample KS
 * distance to the CDF computed by attnlimit's {@code AttentionLimit} (a check), so the finite-width layer
 * is compared with the project's limit law as well as with the suite's. An illustration gives the
 * distance to the Gaussian of the same variance (the infinite-head limit, Remark 3.2): at large widths
 * and samples it exceeds the critical value, since the finite-head limit is not Gaussian (Remark 3.1).
 */
public final class Corollary32Check implements Check {
    private static final double ALPHA = 1e-6;
    private final List<AttentionCase> cases;

    /** @param cases the layers */
    public Corollary32Check(List<AttentionCase> cases) {
        this.cases = List.copyOf(cases);
    }

    /** Two tokens, {@code clip_1}, one and four heads. */
    public Corollary32Check() {
        this(List.of(AttentionCase.standard(1), AttentionCase.standard(4)));
    }

    @Override
    public String name() {
        return "corollary-3.2";
    }

    @Override
    public String statement() {
        return "Corollary 3.2";
    }

    @Override
    public String claim() {
        return "y_1 -> Z^{y_1} = sqrt(V) Z in distribution (Example 3.1)";
    }

    @Override
    public CheckResult run(Settings settings) {
        int count = Theorem31Check.count(settings);
        List<CheckResult.Row> rows = new ArrayList<>();
        double factor = settings.lawFactor();
        for (AttentionCase c : cases) {
            double[] limit = scaleMixture(DrawCache.limitV(c, 4 * count, settings), settings, "limit|" + c);
            double[] perturbed = Power.scaled(limit, factor);
            double critical = KolmogorovSmirnov.twoSampleCritical(count, limit.length, ALPHA);
            for (int n : settings.widths()) {
                boolean last = settings.judgesLimit(n);
                double[] finite = scaleMixture(DrawCache.finiteV(c, n, count, settings), settings, c + "|" + n);
                double d = KolmogorovSmirnov.twoSampleDistance(finite, perturbed);
                double d0 = factor == 1 ? d : KolmogorovSmirnov.twoSampleDistance(finite, limit);
                rows.add(CheckResult.Row.of(last ? CheckResult.Kind.CHECK : CheckResult.Kind.ILLUSTRATION, c.label(),
                        "KS(y_1, Z^y)" + (last ? "" : " (trend: illustration)"), n, d, critical, 0, 0,
                        d <= critical, 1, Power.ksScaleMdd(limit, critical + d0)));
                rows.add(CheckResult.Row.illustration(c.label(), "W1(y_1, Z^y) (illustration)", n,
                        Wasserstein.twoSample(finite, limit), 0, Double.NaN, 0, Double.NaN));
                if (last) {
                    AttentionLimit law = law(c);
                    double oneCritical = Math.sqrt(-Math.log(ALPHA / 2) / (2.0 * count));
                    NormalDistribution normal = new NormalDistribution(0, Math.sqrt(law.variance().value()));
                    double gaussian = oneSampleKs(finite, normal);
                    rows.add(CheckResult.Row.of(CheckResult.Kind.ILLUSTRATION, c.label(),
                            "KS(y_1, N(0, E[V])) (illustration: Gaussian, same variance)", n, gaussian, oneCritical, 0, 0,
                            gaussian <= oneCritical, 1, Power.ksScaleMdd(normal::cumulativeProbability,
                                    Power.quantileGrid(finite, 400), oneCritical + gaussian)));
                    double[] sorted = finite.clone();
                    java.util.Arrays.sort(sorted);
                    double[] grid = Power.quantileGrid(sorted, 400);
                    double one = supDistance(sorted, law.cdf(Power.scaled(sorted, 1 / factor)));
                    double one0 = factor == 1 ? one : supDistance(sorted, law.cdf(sorted));
                    rows.add(CheckResult.Row.of(CheckResult.Kind.CHECK, c.label(), "KS(y_1, limit CDF of Z^y)", n, one,
                            oneCritical, 0, 0, one <= oneCritical, 1,
                            Power.ksScaleMdd(x -> law.cdf(x).atMost(), grid, oneCritical + one0)));
                }
                settings.progress().accept(name() + ": " + c.label() + ", n = " + n);
            }
        }
        return CheckResult.of(this, Settings.LEVEL + "; two-sample KS critical value at alpha = 1e-6", rows,
                "KS is a check at the largest width if it is >= 1024 (Settings.LIMIT_WIDTH); W1 shows the trend");
    }

    /** @return attnlimit's limit law for the suite's layer (Gram {@code diag(κ a_j²)}) */
    static AttentionLimit law(AttentionCase c) {
        double[][] gram = new double[c.tokens()][c.tokens()];
        for (int j = 0; j < c.tokens(); j++) {
            gram[j][j] = c.kernelDiagonal(j);
        }
        return AttentionLimit.of(AttentionSetup.paper(Activation.clip(c.c()), c.tokens(), c.heads()).withGram(gram));
    }

    /** @return {@code sup_t |F_n(t) − F(t)|} over the sample's jump points */
    static double oneSampleKs(double[] sample, AttentionLimit law) {
        double[] x = sample.clone();
        java.util.Arrays.sort(x);
        return supDistance(x, law.cdf(x));
    }

    /** @return the one-sample KS distance to a Gaussian */
    static double oneSampleKs(double[] sample, NormalDistribution gaussian) {
        double[] x = sample.clone();
        java.util.Arrays.sort(x);
        double[] f = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = gaussian.cumulativeProbability(x[i]);
        }
        return supDistance(x, f);
    }

    private static double supDistance(double[] x, double[] f) {
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            d = Math.max(d, Math.max(Math.abs((i + 1.0) / x.length - f[i]), Math.abs((double) i / x.length - f[i])));
        }
        return d;
    }

    /** @return {@code √V_i Z_i} */
    static double[] scaleMixture(double[] v, Settings settings, String salt) {
        return settings.sampler(DrawCache.salt("mix|" + salt), 1).sample(v.length, (rng, out, from, to) -> {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            for (int i = from; i < to; i++) {
                out[i] = Math.sqrt(v[i]) * g.sample();
            }
        }, null);
    }
}
