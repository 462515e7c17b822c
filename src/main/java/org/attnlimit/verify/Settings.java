package org.attnlimit.verify;

import org.attnlimit.calculus.InvalidInputException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.attnlimit.random.ParallelSampler;

/**
 * The budget of a verification run.
 *
 * <p>Level: every interval is {@code estimate ± Z·SE} with {@link #Z} = 4.9, a two-sided false-failure
 * rate of 1e-6 per interval; a full run has a few hundred intervals, so a correct limit is reported
 * inconsistent with probability below 1e-3 (and, with the fixed default seeds, never).
 *
 * @param widths the widths {@code n}, increasing
 * @param samples Monte Carlo draws per width for moment checks
 * @param seed the seed; every check derives its own streams from it
 * @param threads worker threads (the numbers do not depend on it)
 * @param progress receives one line per finished step (may be a no-op)
 * @param perturb {@code EPS} of {@code verify --perturb}: every check compares its estimates with the limit
 *     moved by {@code EPS} times the quantity's scale (a law: the limit variable times {@code 1 + EPS}),
 *     so that a user can see the checks reject a wrong limit; 0 for the real verification
 * @param draws the run's cache of Monte Carlo draws, shared by its checks (and by the settings derived from these)
 */
public record Settings(int[] widths, int samples, long seed, int threads, Consumer<String> progress, double perturb,
        DrawCache draws) {

    /** Critical value of every interval: two-sided α = 1e-6 per interval. */
    public static final double Z = 4.9;

    /** The stated level, printed with every result. */
    public static final String LEVEL = "z = 4.9 intervals (two-sided alpha = 1e-6 each)";

    /** Validates the budget. */
    public Settings {
        if (widths == null || widths.length == 0) {
            throw new InvalidInputException("at least one width is needed");
        }
        widths = widths.clone();
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 2 || (i > 0 && widths[i] <= widths[i - 1])) {
                throw new InvalidInputException("widths must be increasing and >= 2, got " + Arrays.toString(widths));
            }
        }
        if (samples < 1000) {
            throw new InvalidInputException("samples must be >= 1000, got " + samples);
        }
        if (threads < 1) {
            throw new InvalidInputException("threads must be >= 1, got " + threads);
        }
        if (progress == null) {
            progress = s -> { };
        }
        if (!(perturb >= 0 && perturb <= 10)) {
            throw new InvalidInputException("perturbation must be in [0, 10], got " + perturb);
        }
        if (draws == null) {
            draws = new DrawCache();
        }
    }

    /** A budget with a fresh cache of draws (a new run). */
    public Settings(int[] widths, int samples, long seed, int threads, Consumer<String> progress, double perturb) {
        this(widths, samples, seed, threads, progress, perturb, null);
    }

    /** An unperturbed budget. */
    public Settings(int[] widths, int samples, long seed, int threads, Consumer<String> progress) {
        this(widths, samples, seed, threads, progress, 0);
    }

    /** Full run: widths 16..4096, 100 000 draws per width ({@link #drawsAt} fewer above 256 for O(n) samplers). */
    public static Settings full(long seed) {
        return new Settings(new int[] {16, 64, 256, 1024, 4096}, 100_000, seed,
                Runtime.getRuntime().availableProcessors(), null);
    }

    /** Quick run for CI: widths 16, 64, 256, 1024 and 20 000 draws per width. */
    public static Settings quick(long seed) {
        return new Settings(new int[] {16, 64, 256, 1024}, 20_000, seed, Runtime.getRuntime().availableProcessors(), null);
    }

    /** @return the same budget reporting progress to {@code sink} */
    public Settings withProgress(Consumer<String> sink) {
        return new Settings(widths, samples, seed, threads, sink, perturb, draws);
    }

    /** @return the same budget with another thread count */
    public Settings withThreads(int count) {
        return new Settings(widths, samples, seed, count, progress, perturb, draws);
    }

    /** @return the same budget with every limit perturbed by a relative {@code eps} */
    public Settings withPerturb(double eps) {
        return new Settings(widths, samples, seed, threads, progress, eps, draws);
    }

    /** @return {@code 1 + perturb}: the factor applied to a limit variable (a law's scale) */
    public double lawFactor() {
        return 1 + perturb;
    }

    /**
     * Draws at width {@code n} for the checks whose draw costs {@code O(n)} (the inputs): all
     * {@link #samples()} up to {@code n = 256}, then {@code samples·256/n}, never fewer than 20 000 (nor
     * more than {@code samples}). The Rao–Blackwellised and Gram estimates have variance {@code O(1/n)}, so
     * their power does not suffer; it keeps the full run within its time budget.
     */
    public int drawsAt(int n) {
        return (int) Math.min(samples, Math.max(20_000L, (long) samples * 256 / n));
    }

    /**
     * The smallest width at which a statement about {@code n → ∞} (convergence in distribution, a limit with
     * no proven finite-width allowance) is judged: finite-width biases of order {@code 1/n} are then below
     * the intervals (e.g. 0.7% for Theorem 3.1's variance row at n = 1024, 6% at n = 256).
     */
    public static final int LIMIT_WIDTH = 1024;

    /**
     * @return whether {@code n} is where a statement about {@code n → ∞} is judged: the largest width, if it
     *     is at least {@link #LIMIT_WIDTH}; otherwise such rows are illustrations
     */
    public boolean judgesLimit(int n) {
        return n == maxWidth() && n >= LIMIT_WIDTH;
    }

    /** @return the largest width */
    public int maxWidth() {
        return widths[widths.length - 1];
    }

    /** @return the widths (a copy) */
    @Override
    public int[] widths() {
        return widths.clone();
    }

    /**
     * A sampler for one (check, case, width) triple whose draws each fill {@code stride} consecutive
     * outputs: the chunk size is a multiple of the stride, so no draw straddles two chunks. Streams depend
     * on the seed and the salt only.
     */
    public ParallelSampler sampler(long salt, int stride) {
        return new ParallelSampler(seed * 1_000_003L + salt, 64 * stride, threads);
    }
}
