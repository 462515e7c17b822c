package org.attnlimit.verify;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.stats.KolmogorovSmirnov;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;

/**
 * Proposition D.1: the scores {@code p = (p_k)}, {@code p_k = n^{-1/2}⟨g^{k,1}, g^{k,2}⟩}, tend in
 * distribution to the centred Gaussian {@code p̊} of Definition 3.1 (B).
 *
 * <p>Rows: the Kolmogorov–Smirnov distance of each score to {@code N(0, Σ_kk)}, against the critical value
 * {@code √(ln(2/α)/(2N))}, α = 1e-6 (a check at the largest width, if it is at least {@link Settings#LIMIT_WIDTH}: convergence in distribution
 * says nothing at a fixed {@code n}); and the largest entry error of the sample covariance, each entry
 * judged by its own interval with allowance {@code 2 m4 σ_W⁴/n} (the bias of Lemma D.5 with {@code t = e_k, e_l}),
 * relative to the scale {@code √(Σ_kk Σ_ll)}. KS rows state their power as the smallest relative change of
 * the scores' scale they reject ({@link Power}).
 */
public final class PropositionD1Check implements Check {
    private static final double ALPHA = 1e-6;
    private final List<ScoreArray> arrays;
    private final List<ScoreLimit> limits;

    /**
     * @param arrays the programs
     * @param limits their limits (tests pass wrong ones), one per program
     */
    public PropositionD1Check(List<ScoreArray> arrays, List<ScoreLimit> limits) {
        if (arrays.size() != limits.size()) {
            throw new InvalidInputException("one limit per program is needed");
        }
        this.arrays = List.copyOf(arrays);
        this.limits = List.copyOf(limits);
    }

    /** One head ({@code s = 2}, four scores) and the crosswise program. */
    public PropositionD1Check() {
        this(standardArrays(), standardArrays().stream().map(ScoreLimit::of).toList());
    }

    static List<ScoreArray> standardArrays() {
        return List.of(ScoreArray.attentionHead(Activation.clip(1), 2), ScoreArray.crosswise(Activation.clip(1), 0.7));
    }

    @Override
    public String name() {
        return "proposition-d1";
    }

    @Override
    public String statement() {
        return "Proposition D.1";
    }

    @Override
    public String claim() {
        return "p -> p_ring ~ N(0, Sigma_p) (Definition 3.1 (B)): KS per score, covariance error";
    }

    /**
     * @return draws per width for this check: as many as the moment checks (a draw costs {@code O(n)}), so
     *     that the KS critical value {@code √(ln(2/α)/(2N))} is 0.019 in the quick run and a 20% change of
     *     the scores' scale (KS distance 0.044 for a Gaussian) is seen
     */
    static int count(Settings settings, int n) {
        return settings.drawsAt(n);
    }

    @Override
    public CheckResult run(Settings settings) {
        List<CheckResult.Row> rows = new ArrayList<>();
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double critical = 0;
        for (int i = 0; i < arrays.size(); i++) {
            ScoreArray a = arrays.get(i);
            double[][] sigma = limits.get(i).covariance();
            // Bias of E[p_k p_l]: two Isserlis covariances, each <= sigma_W^4 m4 / n (see LemmaD5Check).
            double allowanceScale = 2 * InputKernel.fourthMoment(a.phi()) * maxVariance(a) * maxVariance(a);
            double eps = settings.perturb();
            int r = a.scoreCount();
            for (int n : settings.widths()) {
                boolean last = settings.judgesLimit(n);
                int count = settings.drawsAt(n);
                critical = KolmogorovSmirnov.dkwEpsilon(count, ALPHA);
                double[][] p = DrawCache.scores(a, n, count, settings);
                for (int k = 0; k < r; k++) {
                    double[] col = new double[count];
                    for (int j = 0; j < count; j++) {
                        col[j] = p[j][k];
                    }
                    double sd = Math.sqrt(sigma[k][k]);
                    NormalDistribution target = new NormalDistribution(0, sd * settings.lawFactor());
                    double d = ks.kolmogorovSmirnovStatistic(target, col);
                    double d0 = eps == 0 ? d : ks.kolmogorovSmirnovStatistic(new NormalDistribution(0, sd), col);
                    NormalDistribution truth = new NormalDistribution(0, sd);
                    double mdd = Power.ksScaleMdd(truth::cumulativeProbability, Power.quantileGrid(col, 2000), critical + d0);
                    String quantity = "KS(" + a.scoreNames().get(k) + ", N(0,Sigma_kk))";
                    rows.add(CheckResult.Row.of(last ? CheckResult.Kind.CHECK : CheckResult.Kind.ILLUSTRATION, a.name(),
                            last ? quantity : quantity + " (trend: illustration)", n, d, critical, 0, 0,
                            d <= critical, sd, mdd));
                }
                // Entry by entry: scale sqrt(Sigma_kk Sigma_ll) (a covariance's natural size, also where it is 0);
                // the row is a check when every entry is, and its MDD is the largest entry's.
                double worst = 0;
                double worstHalf = 0;
                double mdd = 0;
                boolean ok = true;
                boolean powerful = true;
                for (int k = 0; k < r; k++) {
                    for (int l = k; l < r; l++) {
                        double[] prod = new double[count];
                        for (int j = 0; j < count; j++) {
                            prod[j] = p[j][k] * p[j][l];
                        }
                        Sample s = Sample.of(prod);
                        CheckResult.Row entry = CheckResult.Row.check(a.name(), "entry", n, s.mean(), s.halfWidth(),
                                sigma[k][l], allowanceScale / n, Math.sqrt(sigma[k][k] * sigma[l][l]), eps);
                        ok &= entry.consistent();
                        powerful &= entry.binding();
                        worst = Math.max(worst, Math.abs(s.mean() - entry.limit()));
                        worstHalf = Math.max(worstHalf, s.halfWidth());
                        mdd = Math.max(mdd, entry.mdd());
                    }
                }
                rows.add(CheckResult.Row.of(powerful ? CheckResult.Kind.CHECK : CheckResult.Kind.ILLUSTRATION, a.name(),
                        "max_kl |Cov(p_k,p_l) - Sigma_kl|" + (powerful ? "" : " (allowance over 10%: illustration)"), n, worst,
                        worstHalf, 0, allowanceScale / n, ok, maxDiagonal(sigma), mdd));
                settings.progress().accept(name() + ": " + a.name() + ", n = " + n);
            }
        }
        return CheckResult.of(this, Settings.LEVEL + "; KS critical value at alpha = 1e-6", rows,
                "KS rows are checks at the largest width if it is >= 1024 (Settings.LIMIT_WIDTH); covariance entries at every width, with allowance 2 m4 sigma_W^4 / n");
    }

    private static double maxDiagonal(double[][] sigma) {
        double m = 0;
        for (int k = 0; k < sigma.length; k++) {
            m = Math.max(m, sigma[k][k]);
        }
        return m;
    }

    private static double maxVariance(ScoreArray a) {
        double m = 0;
        for (double v : a.matrixVariance()) {
            m = Math.max(m, v);
        }
        return m;
    }
}
