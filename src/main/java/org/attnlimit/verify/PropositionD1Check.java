package org.attnlimit.verify;

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
 * {@code √(ln(2/α)/(2N))}, α = 1e-6 (binding at the largest width only: convergence in distribution
 * says nothing at a fixed {@code n}); and the largest entry error of the sample covariance, each entry
 * judged by its own interval with allowance {@code 2c⁴σ⁴/n} (the bias of Lemma D.5 with {@code t = e_k, e_l}).
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
            throw new IllegalArgumentException("one limit per program is needed");
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

    /** @return draws per width for this check (a score needs {@code n} rows per draw) */
    static int count(Settings settings) {
        return settings.samples() / 4;
    }

    @Override
    public CheckResult run(Settings settings) {
        List<CheckResult.Row> rows = new ArrayList<>();
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        int count = count(settings);
        double critical = Math.sqrt(Math.log(2 / ALPHA) / (2.0 * count));
        for (int i = 0; i < arrays.size(); i++) {
            ScoreArray a = arrays.get(i);
            double[][] sigma = limits.get(i).covariance();
            double allowanceScale = 2 * Math.pow(a.activationBound(), 4) * maxVariance(a) * maxVariance(a);
            int r = a.scoreCount();
            for (int n : settings.widths()) {
                boolean last = n == settings.maxWidth();
                double[][] p = DrawCache.scores(a, n, count, settings);
                for (int k = 0; k < r; k++) {
                    double[] col = new double[count];
                    for (int j = 0; j < count; j++) {
                        col[j] = p[j][k];
                    }
                    double d = ks.kolmogorovSmirnovStatistic(new NormalDistribution(0, Math.sqrt(sigma[k][k])), col);
                    rows.add(new CheckResult.Row(a.name(), "KS(" + a.scoreNames().get(k) + ", N(0,Sigma_kk))", n, d,
                            critical, 0, 0, d <= critical, last));
                }
                double worst = 0;
                double worstHalf = 0;
                boolean ok = true;
                for (int k = 0; k < r; k++) {
                    for (int l = k; l < r; l++) {
                        double[] prod = new double[count];
                        for (int j = 0; j < count; j++) {
                            prod[j] = p[j][k] * p[j][l];
                        }
                        Sample s = Sample.of(prod);
                        double err = Math.abs(s.mean() - sigma[k][l]);
                        ok &= err <= s.halfWidth() + allowanceScale / n;
                        worst = Math.max(worst, err);
                        worstHalf = Math.max(worstHalf, s.halfWidth());
                    }
                }
                rows.add(new CheckResult.Row(a.name(), "max_kl |Cov(p_k,p_l) - Sigma_kl|", n, worst, worstHalf, 0,
                        allowanceScale / n, ok, true));
                settings.progress().accept(name() + ": " + a.name() + ", n = " + n);
            }
        }
        return CheckResult.of(this, Settings.LEVEL + "; KS critical value at alpha = 1e-6", rows,
                "KS rows bind at the largest width only; covariance entries bind at every width with allowance 2c^4 sigma_W^4 / n");
    }

    private static double maxVariance(ScoreArray a) {
        double m = 0;
        for (double v : a.matrixVariance()) {
            m = Math.max(m, v);
        }
        return m;
    }
}
