package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.attnlimit.program.Program;
import org.attnlimit.random.SampleStreams;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sample comparison of the same-law tests of this package, for two independent samples (drawn
 * on independent streams): the standard error of a difference of means is {@code √(s_a²/N_a + s_b²/N_b)}
 * with both variances from the samples themselves.
 */
final class TwoSample {
    private TwoSample() {
    }

    /** A statistic of one realisation of a program, with the powers whose means are compared. */
    record Readout(String name, ToDoubleFunction<ProgramSimulator.Realization> f, int... powers) {
    }

    /**
     * Draws {@code samples} realisations of {@code exactProgram} by Gaussian conditioning and of {@code denseProgram}
     * densely, at width {@code n}, on independent streams, and compares each readout: a two-sample KS p-value
     * {@code ≥ pMin}, and for each of its powers {@code |mean(a^k) − mean(b^k)| ≤ z·SE}. The caller states how
     * {@code pMin} and {@code z} follow from its error budget and counts {@link #assertions} against it.
     *
     * @return the failed comparisons, one line each (empty when consistent)
     */
    static List<String> compareSamplers(Program exactProgram, Program denseProgram, int n, List<Readout> readouts,
            long exactSeed, long denseSeed, int samples, double pMin, double z) {
        double[] a = draw(exactProgram, ProgramSimulator.Method.EXACT, n, readouts, exactSeed, samples);
        double[] b = draw(denseProgram, ProgramSimulator.Method.DENSE, n, readouts, denseSeed, samples);
        int r = readouts.size();
        List<String> failures = new ArrayList<>();
        for (int j = 0; j < r; j++) {
            failures.addAll(failures(readouts.get(j).name(), ProgramSampling.column(a, r, j), ProgramSampling.column(b, r, j),
                    pMin, z, "exact", "dense", readouts.get(j).powers()));
        }
        return failures;
    }

    /** @return the number of assertions {@link #compareSamplers} makes for these readouts */
    static int assertions(List<Readout> readouts) {
        return readouts.stream().mapToInt(r -> 1 + r.powers().length).sum();
    }

    /**
     * The comparison of {@link #assertSameLaw}, reported instead of asserted: KS p-value {@code ≥ pMin}, and
     * {@code |mean(x^k) − mean(y^k)| ≤ z·SE} for each {@code k}.
     *
     * @return the failures, one line each, naming {@code name} and the two sides
     */
    static List<String> failures(String name, double[] x, double[] y, double pMin, double z, String xSide, String ySide,
            int... powers) {
        List<String> failures = new ArrayList<>();
        double pValue = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(x, y);
        if (!(pValue >= pMin)) {
            failures.add(name + ": KS p-value " + pValue);
        }
        for (int k : powers) {
            double[] xk = powers(x, k);
            double[] yk = powers(y, k);
            double se = standardError(xk, yk);
            double diff = mean(xk) - mean(yk);
            if (!(Math.abs(diff) <= z * se)) {
                failures.add(String.format("%s: E[^%d] %s %.5g vs %s %.5g, %.1f SE", name, k, xSide, mean(xk), ySide,
                        mean(yk), Math.abs(diff) / se));
            }
        }
        return failures;
    }

    /** @return {@code samples} realisations of the readouts, row-major (one row of all readouts per realisation) */
    static double[] draw(Program program, ProgramSimulator.Method method, int n, List<Readout> readouts, long seed,
            int samples) {
        ProgramSimulator sim = ProgramSimulator.of(program, method);
        int r = readouts.size();
        return new SampleStreams(seed, 2).sample(samples, r, (rng, out, offset) -> {
            ProgramSimulator.Realization z = sim.simulate(n, rng);
            for (int j = 0; j < r; j++) {
                out[offset + j] = readouts.get(j).f().applyAsDouble(z);
            }
        }, null);
    }

    /**
     * Asserts two-sample Kolmogorov–Smirnov p-value {@code > pMin}, and for each {@code k} in
     * {@code powers} {@code |mean(a^k) − mean(b^k)| ≤ z·SE}; the caller states how pMin and z follow from
     * its error budget.
     */
    static void assertSameLaw(double[] a, double[] b, double pMin, double z, int... powers) {
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(a, b);
        assertThat(p).as("KS p-value").isGreaterThan(pMin);
        for (int k : powers) {
            double[] ak = powers(a, k);
            double[] bk = powers(b, k);
            double se = standardError(ak, bk);
            assertThat(Math.abs(mean(ak) - mean(bk))).as("E[y^%d] difference, SE %g", k, se).isLessThanOrEqualTo(z * se);
        }
    }

    /** @return the standard error of {@code mean(a) − mean(b)} for independent samples */
    static double standardError(double[] a, double[] b) {
        return Math.sqrt(variance(a) / a.length + variance(b) / b.length);
    }

    static double[] powers(double[] x, int k) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.pow(x[i], k);
        }
        return out;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** @return the unbiased sample variance */
    static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }
}
