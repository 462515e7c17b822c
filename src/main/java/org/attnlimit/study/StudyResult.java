package org.attnlimit.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attnlimit.experiment.LimitLaw;
import org.attnlimit.experiment.SampleSummary;
import org.attnlimit.experiment.SummaryOptions;
import org.attnlimit.limit.LimitReference;
import org.attnlimit.random.Cancellation;
import org.attnlimit.stats.Interval;
import org.attnlimit.stats.Moments;
import org.attnlimit.stats.PowerLawFit;

/**
 * A finished study: per width, the summary {@code simulate} prints (moments with SEs; KS, W1 and the paper's
 * KDE-KL to the limit law with intervals and noise floors), and across widths the fitted rate of each distance
 * ({@code d ∝ n^slope}, log–log least squares with its t-interval, on the widths where the distance is above
 * twice its noise floor), the finite-width corrections {@code m(n) = m_∞ + b/n (+ c/n²)} of the mean, variance
 * and excess kurtosis ({@link CorrectionFit}) with {@code m_∞} compared with the limit law's value, and, given
 * ε, the width at which each distance falls below ε. Every number is a function of the samples and the seed,
 * so the same study gives the same result wherever its blocks ran.
 *
 * @param target what was sampled
 * @param limit the limit law
 * @param limitMean the limit's mean
 * @param seed the study's seed
 * @param samples samples per width
 * @param blocksPerWidth blocks per width
 * @param widths the per-width results, in increasing width
 * @param epsilon the threshold of {@code --epsilon}, or null
 */
public record StudyResult(StudyTarget target, LimitReference limit, double limitMean, long seed, int samples,
        int blocksPerWidth, List<Width> widths, Double epsilon) {

    /** Distances reported, by their {@code simulate} names. */
    public static final List<String> DISTANCES = List.of("ks_distance", "w1", "kl_kde");
    /** Moments fitted in 1/n. */
    public static final List<String> MOMENTS = List.of("mean", "variance", "excess_kurtosis");
    /** A distance enters the rate fit when it exceeds its noise floor by this factor. */
    public static final double FLOOR_FACTOR = 2;

    /**
     * @param width n
     * @param seed the width's seed ({@link Blocks#widthSeed})
     * @param summary the comparison with the limit
     */
    public record Width(int width, long seed, SampleSummary summary) {
        /** @return the distance named {@code name} */
        public double distance(String name) {
            return switch (name) {
                case "ks_distance" -> summary.ks().distance();
                case "w1" -> summary.w1();
                case "kl_kde" -> summary.klKde() == null ? Double.NaN : summary.klKde();
                default -> throw new IllegalArgumentException(name);
            };
        }

        /** @return the noise floor of distance {@code name} (NaN if not computed) */
        public double floor(String name) {
            SampleSummary.Floor f = summary.floor();
            if (f == null) {
                return Double.NaN;
            }
            return switch (name) {
                case "ks_distance" -> f.ks();
                case "w1" -> f.w1();
                case "kl_kde" -> f.klKde();
                default -> throw new IllegalArgumentException(name);
            };
        }

        /** @return the 95% interval of distance {@code name} (DKW for KS, bootstrap for W1 and KL), or null */
        public Interval interval(String name) {
            return switch (name) {
                case "ks_distance" -> summary.ks().interval();
                case "w1" -> summary.w1Interval();
                case "kl_kde" -> summary.klKdeInterval();
                default -> throw new IllegalArgumentException(name);
            };
        }

        /** @return moment {@code name} and its standard error */
        public double[] moment(String name) {
            Moments m = summary.moments();
            return switch (name) {
                case "mean" -> new double[] {m.mean(), Math.sqrt(m.variance() / m.count())};
                case "variance" -> new double[] {m.variance(), m.varianceSe()};
                case "excess_kurtosis" -> new double[] {m.excessKurtosis(), m.excessKurtosisSe()};
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    /**
     * Summarises one width's merged samples exactly as {@code simulate} does (same estimators, same seeds: the
     * limit samples use the width's seed + 1 and + 2, the bootstrap the width's seed).
     */
    public static Width summarise(int width, long seed, double[] samples, LimitReference limit, int bootstrap,
            int threads, Cancellation cancel) {
        return new Width(width, seed, SampleSummary.of(samples, LimitLaw.of(limit),
                new SummaryOptions(bootstrap, seed, threads), cancel));
    }

    /** @return the limit law's value of moment {@code name} */
    public double limitMoment(String name) {
        return switch (name) {
            case "mean" -> limitMean;
            case "variance" -> limit.variance();
            case "excess_kurtosis" -> limit.excessKurtosis();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** @return the rate fit of distance {@code name} on the widths above {@link #FLOOR_FACTOR} × its floor, or null */
    public PowerLawFit rate(String name) {
        List<double[]> pts = new ArrayList<>();
        for (Width w : widths) {
            double d = w.distance(name);
            double f = w.floor(name);
            if (d > 0 && Double.isFinite(f) && d > FLOOR_FACTOR * f) {
                pts.add(new double[] {w.width(), d});
            }
        }
        if (pts.size() < 3) {
            return null;
        }
        return PowerLawFit.of(pts.stream().mapToDouble(p -> p[0]).toArray(),
                pts.stream().mapToDouble(p -> p[1]).toArray(), 0.05);
    }

    /** @return the fit of moment {@code name} with {@code terms} terms (2: b/n, 3: b/n + c/n²), or null if too few widths */
    public CorrectionFit correction(String name, int terms) {
        if (widths.size() < terms + 1) {
            return null;
        }
        int k = widths.size();
        int[] n = new int[k];
        double[] y = new double[k];
        double[] se = new double[k];
        for (int i = 0; i < k; i++) {
            n[i] = widths.get(i).width();
            double[] m = widths.get(i).moment(name);
            y[i] = m[0];
            se[i] = m[1];
        }
        return CorrectionFit.of(n, y, se, terms);
    }

    /** @return the study as JSON-ready maps (deterministic: no timings, no host or runner) */
    public Map<String, Object> json() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target", target.describe());
        r.put("samples_per_width", samples);
        r.put("blocks_per_width", blocksPerWidth);
        r.put("seed", seed);
        r.put("width_seeds", "seed + " + Blocks.WIDTH_SEED_STEP + " n");
        Map<String, Object> lim = new LinkedHashMap<>();
        for (String m : MOMENTS) {
            lim.put(m, limitMoment(m));
        }
        lim.put("method", limit.method());
        r.put("limit", lim);
        List<Object> ws = new ArrayList<>();
        for (Width w : widths) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("width", w.width());
            m.put("seed", w.seed());
            m.put("samples", w.summary().count());
            double[] mean = w.moment("mean");
            m.put("mean", mean[0]);
            m.put("mean_se", mean[1]);
            m.putAll(w.summary().fields());
            ws.add(m);
        }
        r.put("widths", ws);
        Map<String, Object> rates = new LinkedHashMap<>();
        for (String d : DISTANCES) {
            rates.put(d, rateJson(d));
        }
        r.put("rates", rates);
        Map<String, Object> corr = new LinkedHashMap<>();
        for (String m : MOMENTS) {
            Map<String, Object> models = new LinkedHashMap<>();
            models.put("b_over_n", correctionJson(m, 2));
            models.put("b_over_n_plus_c_over_n2", correctionJson(m, 3));
            corr.put(m, models);
        }
        r.put("finite_width_corrections", corr);
        if (epsilon != null) {
            Map<String, Object> eps = new LinkedHashMap<>();
            eps.put("epsilon", epsilon);
            for (String d : DISTANCES) {
                eps.put(d, epsilonJson(d));
            }
            r.put("below_epsilon", eps);
        }
        return r;
    }

    private Object rateJson(String d) {
        PowerLawFit f = rate(d);
        Map<String, Object> m = new LinkedHashMap<>();
        if (f == null) {
            m.put("fitted", false);
            m.put("reason", "fewer than 3 widths with the distance above " + (int) FLOOR_FACTOR + " x its noise floor");
            return m;
        }
        m.put("fitted", true);
        m.put("slope", f.slope());
        m.put("slope_ci95", new double[] {f.slopeInterval().lower(), f.slopeInterval().upper()});
        m.put("intercept", f.intercept());
        m.put("widths_used", f.points());
        m.put("rule", "log d = intercept + slope log n, least squares over the widths with d > "
                + (int) FLOOR_FACTOR + " x noise floor");
        return m;
    }

    private Object correctionJson(String name, int terms) {
        CorrectionFit f = correction(name, terms);
        Map<String, Object> m = new LinkedHashMap<>();
        if (f == null) {
            m.put("fitted", false);
            m.put("reason", "needs at least " + (terms + 1) + " widths");
            return m;
        }
        double lim = limitMoment(name);
        double z = (f.coefficients()[0] - lim) / f.standardErrors()[0];
        String[] names = {"m_inf", "b", "c"};
        m.put("fitted", true);
        for (int j = 0; j < terms; j++) {
            m.put(names[j], f.coefficients()[j]);
            m.put(names[j] + "_se", f.standardErrors()[j]);
            m.put(names[j] + "_ci95", f.interval(j));
        }
        m.put("chi_square", f.chiSquare());
        m.put("degrees_of_freedom", f.degreesOfFreedom());
        m.put("limit", lim);
        m.put("z_m_inf_vs_limit", z);
        m.put("limit_in_ci95", Math.abs(z) <= CorrectionFit.Z95);
        return m;
    }

    private Object epsilonJson(String d) {
        Map<String, Object> m = new LinkedHashMap<>();
        Integer measured = null;
        for (int i = widths.size() - 1; i >= 0; i--) {
            if (widths.get(i).distance(d) < epsilon) {
                measured = widths.get(i).width();
            } else {
                break;
            }
        }
        m.put("measured_width", measured);
        PowerLawFit f = rate(d);
        if (f != null && f.slope() < 0) {
            m.put("fitted_width", Math.exp((Math.log(epsilon) - f.intercept()) / f.slope()));
        } else {
            m.put("fitted_width", null);
        }
        double floor = widths.isEmpty() ? Double.NaN : widths.get(widths.size() - 1).floor(d);
        if (floor >= epsilon) {
            m.put("note", "epsilon is below the noise floor " + floor + " of " + samples
                    + " samples: a distance that small cannot be resolved; use more samples");
        }
        return m;
    }

    /** @return the CSV header of {@link #csvRows} */
    public static List<String> csvHeader() {
        List<String> h = new ArrayList<>(List.of("width", "samples"));
        for (String m : MOMENTS) {
            h.add(m);
            h.add(m + "_se");
        }
        for (String d : DISTANCES) {
            h.addAll(List.of(d, d + "_ci95_lo", d + "_ci95_hi", d + "_noise_floor"));
        }
        return h;
    }

    /** @return one row per width (empty cells where a value was not computed) */
    public List<List<String>> csvRows() {
        List<List<String>> rows = new ArrayList<>();
        for (Width w : widths) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(w.width()), Integer.toString(w.summary().count())));
            for (String m : MOMENTS) {
                double[] v = w.moment(m);
                row.add(num(v[0]));
                row.add(num(v[1]));
            }
            for (String d : DISTANCES) {
                Interval iv = w.interval(d);
                row.add(num(w.distance(d)));
                row.add(iv == null ? "" : num(iv.lower()));
                row.add(iv == null ? "" : num(iv.upper()));
                row.add(num(w.floor(d)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static String num(double x) {
        return Double.isFinite(x) ? Double.toString(x) : "";
    }
}
