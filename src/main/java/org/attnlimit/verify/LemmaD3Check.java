package org.attnlimit.verify;

import org.attnlimit.numerics.PsdRoot;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Lemma D.3: the array {@code X_{n,α} = Σ_k t_k g^{k,1}_α g^{k,2}_α}, {@code α = 1..n}, is exchangeable.
 *
 * <p>Unlike the moment checks, this one draws rows {@code 1, 2} and {@code n} of every weight matrix
 * explicitly (entries {@code N(0, σ_W²/n)}) and multiplies them with the input vectors, so it does not
 * rely on the conditional-Gaussian shortcut of the other checks. Two statistics whose mean is 0 under
 * exchangeability, by a sign-flip permutation test in its large-sample form ({@code z = mean/SE}):
 * {@code X_1² − X_2²} (swapping coordinates 1 and 2) and {@code sign(|X_1| − |X_n|)} (swapping 1 and
 * {@code n}); both are checks, each with four times the moment checks' draws. An illustration shows that the coordinates are dependent: {@code Cov(X_1², X_2²) > 0}
 * at finite {@code n} (through the shared inputs), so the iid CLT does not apply and Lemma D.2 is needed.
 */
public final class LemmaD3Check implements Check {
    /** Exchangeability is exact at every width: small widths suffice, and leave budget for draws. */
    private static final int MAX_WIDTH = 256;
    private final List<ScoreCase> cases;
    private final double firstRowScale;

    /**
     * @param cases the arrays to check
     * @param firstRowScale multiplies row 1 of every weight matrix: 1 for the paper's program; any other
     *     value makes coordinate 1 special and must make the check fail (used by tests)
     */
    public LemmaD3Check(List<ScoreCase> cases, double firstRowScale) {
        this.cases = List.copyOf(cases);
        this.firstRowScale = firstRowScale;
    }

    /** Two standard cases: the mixed-{@code t} head and the crosswise program. */
    public LemmaD3Check() {
        this(List.of(ScoreCase.standard().get(2), ScoreCase.standard().get(3)), 1);
    }

    @Override
    public String name() {
        return "lemma-d3";
    }

    @Override
    public String statement() {
        return "Lemma D.3";
    }

    @Override
    public String claim() {
        return "(X_{n,1}, ..., X_{n,n}) is exchangeable";
    }

    @Override
    public CheckResult run(Settings settings) {
        List<CheckResult.Row> rows = new ArrayList<>();
        // Explicit rows cost O(n) per draw: four times the moment checks' draws, so that the interval of
        // E[X_1^2 - X_2^2] (sd about 4 sigma^2) is 4.9 * 4 / sqrt(80 000) = 7% of sigma^2 in the quick run.
        int count = 4 * Math.min(settings.samples(), 40_000);
        for (ScoreCase c : cases) {
            for (int n : settings.widths()) {
                if (n > MAX_WIDTH) {
                    continue;
                }
                double[] flat = settings.sampler(DrawCache.salt("d3|" + c.drawKey() + n), 3)
                        .sample(3 * count, (rng, out, from, to) -> {
                            for (int i = from; i < to; i += 3) {
                                drawRows(c, n, rng, out, i);
                            }
                        }, null);
                double[] swap12 = new double[count];
                double[] swap1n = new double[count];
                double[] sq1 = new double[count];
                double[] sq2 = new double[count];
                for (int i = 0; i < count; i++) {
                    double x1 = flat[3 * i];
                    double x2 = flat[3 * i + 1];
                    double xn = flat[3 * i + 2];
                    swap12[i] = x1 * x1 - x2 * x2;
                    swap1n[i] = Math.signum(Math.abs(x1) - Math.abs(xn));
                    sq1[i] = x1 * x1;
                    sq2[i] = x2 * x2;
                }
                Sample a = Sample.of(swap12);
                Sample b = Sample.of(swap1n);
                double eps = settings.perturb();
                // Scales: E X^2 (the size of X_1^2 - X_2^2's terms) and 1 (a sign's range is [-1, 1]).
                double scale = Sample.of(sq1).mean();
                rows.add(CheckResult.Row.check(c.name(), "E[X_1^2 - X_2^2]", n, a.mean(), a.halfWidth(), 0, 0, scale, eps));
                rows.add(CheckResult.Row.check(c.name(), "E sign(|X_1| - |X_n|)", n, b.mean(), b.halfWidth(), 0, 0, 1, eps));
                Sample cov = covariance(sq1, sq2);
                rows.add(CheckResult.Row.illustration(c.name(), "Cov(X_1^2, X_2^2) (dependence, illustration)", n, cov.mean(),
                        cov.halfWidth(), 0, 0, scale * scale));
                settings.progress().accept(name() + ": " + c.name() + ", n = " + n);
            }
        }
        return CheckResult.of(this, Settings.LEVEL + "; rows 1, 2, n of each W drawn explicitly", rows,
                "exchangeable but not independent: Cov(X_1^2, X_2^2) = Var E[X^2 | inputs] > 0 at finite n, of order 1/n");
    }

    /** Draws {@code X_1, X_2, X_n} from explicit rows of the weight matrices. */
    private void drawRows(ScoreCase c, int n, UniformRandomProvider rng, double[] out, int offset) {
        ScoreArray array = c.array();
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        int m = array.inputs();
        double[][] factor = PsdRoot.cholesky(array.inputCorrelation());
        double[][] x = new double[m][n];
        double[] z = new double[m];
        for (int beta = 0; beta < n; beta++) {
            for (int a = 0; a < m; a++) {
                z[a] = gauss.sample();
            }
            for (int a = 0; a < m; a++) {
                double s = 0;
                for (int b = 0; b <= a; b++) {
                    s += factor[a][b] * z[b];
                }
                x[a][beta] = array.phi().apply(s);
            }
        }
        int matrices = array.matrixVariance().length;
        int[] alphas = {0, 1, n - 1};
        double[] t = c.t();
        for (int r = 0; r < 3; r++) {
            double[][] w = new double[matrices][n];
            for (int k = 0; k < matrices; k++) {
                double sd = Math.sqrt(array.matrixVariance()[k] / n) * (alphas[r] == 0 ? firstRowScale : 1);
                for (int beta = 0; beta < n; beta++) {
                    w[k][beta] = sd * gauss.sample();
                }
            }
            double[] g = new double[array.vectors()];
            for (int v = 0; v < g.length; v++) {
                double[] row = w[array.gMatrix()[v]];
                double[] in = x[array.gInput()[v]];
                double s = 0;
                for (int beta = 0; beta < n; beta++) {
                    s += row[beta] * in[beta];
                }
                g[v] = s;
            }
            double xa = 0;
            for (int k = 0; k < t.length; k++) {
                xa += t[k] * g[array.scores()[k][0]] * g[array.scores()[k][1]];
            }
            out[offset + r] = xa;
        }
    }

    /** @return the sample covariance as a mean of centred products, with its standard error */
    private static Sample covariance(double[] a, double[] b) {
        double ma = Sample.of(a).mean();
        double mb = Sample.of(b).mean();
        double[] prod = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            prod[i] = (a[i] - ma) * (b[i] - mb);
        }
        return Sample.of(prod);
    }
}
