package org.attnlimit.cli;

import java.util.Locale;
import org.attnlimit.calculus.InvalidInputException;

/**
 * Up-front limits on what a run may ask for, so that an impossible request is refused in one line
 * (exit 2) instead of failing minutes later with an {@link OutOfMemoryError}.
 */
final class Budget {
    private Budget() {
    }

    /**
     * Refuses {@code count} items of {@code bytesPerItem} bytes each when they would not fit in the heap
     * this JVM may use ({@link Runtime#maxMemory()}, less a quarter kept for everything else).
     *
     * @param option the option that asked for them, e.g. {@code --samples}
     */
    static void requireMemory(String option, long count, long bytesPerItem) {
        long available = Runtime.getRuntime().maxMemory() / 4 * 3;
        double needed = (double) count * bytesPerItem;
        if (needed > available) {
            long most = available / bytesPerItem;
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s %d needs about %.1f GB of memory, more than the %.1f GB this JVM may use; at most about %d"
                            + " (or raise -Xmx in ATTNLIMIT_JAVA_OPTS)",
                    option, count, needed / 1e9, available / 1e9, most));
        }
    }

    /** Tokens above which the limit's run time is announced, and above which the run is refused. */
    static final int WARN_TOKENS = 200;
    static final int MAX_TOKENS = 500;

    /**
     * The limit law's per-head integral over the (s−1)-dimensional score space costs about s² per
     * quasi-Monte Carlo point plus an s×s eigendecomposition; measured, the time grows like s^2.5 (2.7 s at
     * s = 100, 7 s at 200 on two cores; three times that under heavy load): says so on
     * {@code err} above {@link #WARN_TOKENS}, refuses above {@link #MAX_TOKENS} (about a minute) with the estimate.
     */
    static void requireTokens(String command, int s, java.io.PrintWriter err) {
        double seconds = 7.0 * Math.pow(s / 200.0, 2.5);
        if (s > MAX_TOKENS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--tokens %d: the limit law's per-head"
                    + " integral would take about %.0f s (its cost grows like s^2.5); at most %d tokens", s, seconds, MAX_TOKENS));
        }
        if (s > WARN_TOKENS) {
            err.printf(Locale.ROOT, "%s: s = %d tokens: the limit law takes about %.0f s%n", command, s, seconds);
            err.flush();
        }
    }

    /**
     * Resampled values the bootstrap may draw in all: replicates × samples (the default run: 200 × 50,000 = 1e7;
     * the cap, about an hour, is what Ctrl-C can still usefully cut short).
     */
    static final double MAX_BOOTSTRAP_DRAWS = 1e11;

    /**
     * Each bootstrap replicate resamples all {@code samples} values and recomputes W1 and the KDE-KL, so the
     * statistics cost about replicates × samples: refused with the estimate above {@link #MAX_BOOTSTRAP_DRAWS}.
     */
    static void requireBootstrap(int replicates, int samples) {
        // each replicate keeps its W1 and KL (and their sorted copies for the interval)
        requireMemory("--bootstrap", replicates, 4L * Double.BYTES);
        double draws = (double) replicates * samples;
        if (draws > MAX_BOOTSTRAP_DRAWS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--bootstrap %d with --samples %d resamples %.1e values"
                    + " (about %.0f minutes); at most %.0e in all, e.g. --bootstrap %d",
                    replicates, samples, draws, draws / SECONDS_PER_MINUTE / BOOTSTRAP_DRAWS_PER_SECOND, MAX_BOOTSTRAP_DRAWS,
                    (long) (MAX_BOOTSTRAP_DRAWS / samples)));
        }
    }

    private static final double SECONDS_PER_MINUTE = 60;
    /** Measured: resampled values per second of the bootstrap on two cores. */
    static final double BOOTSTRAP_DRAWS_PER_SECOND = 2e7;

    /**
     * Refuses a limit law whose moments leave double precision: a variance {@code v} below about 1e-154 has a
     * fourth moment {@code ~3v²} below the smallest double (so the excess kurtosis would print as 0/0 = NaN),
     * one above about 1e154 a fourth moment that overflows. The law scales with the inputs and the excess
     * kurtosis does not depend on the scale: the user rescales.
     */
    static void requireRepresentableMoments(String name, double variance, double fourthMoment, double excessKurtosis) {
        if (variance == 0) {
            return;   // a constant: no kurtosis is claimed
        }
        if (!(Double.isFinite(variance) && Double.isFinite(fourthMoment) && fourthMoment > 0 && Double.isFinite(excessKurtosis))) {
            throw new InvalidInputException(String.format(Locale.ROOT, "'%s' has limit variance %.3g: its fourth moment"
                    + " (about 3 x %.3g^2) is %s double precision, so the kurtosis cannot be computed; rescale the"
                    + " program's variances towards 1 (the law scales with them; its excess kurtosis does not)",
                    name, variance, variance, Math.abs(variance) < 1 ? "below" : "beyond"));
        }
    }

    /** Largest limit variance of a score the score law's eigendecomposition and quadrature are trusted with. */
    static final double MAX_SCORE_VARIANCE = 1e100;

    /**
     * Refuses a program whose limit scores (Definition 3.1 (B)) have variances beyond {@link #MAX_SCORE_VARIANCE}
     * (or not finite): their covariance's eigendecomposition no longer converges, and the softmax would be an
     * argmax at double precision; said up front instead of a numerical library's failure.
     */
    static void requireTameScores(org.attnlimit.program.Program program) {
        java.util.List<String> scores = program.scores();
        // Beyond Theorem 3.1 the later scores' covariances are random (nested conditioning): the one-layer
        // Definition 3.1 (B) table does not exist there, and the nested law checks its own conditional moments.
        if (scores.isEmpty() || program.beyondTheorem()) {
            return;
        }
        double[][] c = org.attnlimit.program.ProgramLimit.of(program).scoreCovariance();
        for (int i = 0; i < c.length; i++) {
            if (!(c[i][i] <= MAX_SCORE_VARIANCE)) {
                throw new InvalidInputException(String.format(Locale.ROOT, "score %s has limit variance %.3g (Definition"
                        + " 3.1 (B)), beyond %.0e: the score law cannot be integrated in double precision; use smaller"
                        + " matrix or input variances", scores.get(i), c[i][i], MAX_SCORE_VARIANCE));
            }
        }
    }

    /**
     * As {@link #requireRepresentableMoments}, for a simulation: the standard error of a sample's excess
     * kurtosis needs its eighth moment, about {@code v⁴}, so the variance must stay within 1e-70 … 1e70.
     */
    static void requireSimulable(String name, double variance, double excessKurtosis) {
        requireRepresentableMoments(name, variance, (excessKurtosis + 3) * variance * variance, excessKurtosis);
        if (variance != 0 && !(variance > 1e-70 && variance < 1e70)) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s has limit variance %.3g: the standard errors"
                    + " of a sample's kurtosis need its fourth power, %s double precision; rescale towards 1 (the"
                    + " excess kurtosis does not depend on the scale)", name, variance,
                    variance < 1 ? "below" : "beyond"));
        }
    }

    /**
     * Most heads {@code limit} answers for: its density and CDF invert the characteristic function
     * {@code (E exp(−t²σ²V_a/(2H)))^H} (Example 3.1, {@link org.attnlimit.limit.AttentionLimit}), whose per-head
     * factor is within about 1e-16 of 1 relative, so raising it to the power H costs about H·1e-16: 1e-10 at
     * 10^6 heads. Beyond that the law is the infinite-head Gaussian to within its excess kurtosis
     * {@code 3(m2 − m1²)/(H m1²)}, of order 1e-7 for the paper's layer.
     */
    static final int MAX_LIMIT_HEADS = 1_000_000;

    /** Refuses more than {@link #MAX_LIMIT_HEADS} heads for the limit law, saying what to use instead. */
    static void requireLimitHeads(int heads) {
        if (heads > MAX_LIMIT_HEADS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--heads %d: at most %d heads (the density's"
                    + " characteristic function (E exp(-t^2 V_a/2H))^H loses about H x 1e-16 to rounding); with this many"
                    + " heads the law is the infinite-head Gaussian N(0, E[V]) of Remark 3.2 (excess kurtosis"
                    + " proportional to 1/H): use --heads %d, whose 'infinite-head variance' is that E[V]",
                    heads, MAX_LIMIT_HEADS, MAX_LIMIT_HEADS));
        }
    }

    /**
     * Measured: seconds per draw, head and squared token count of the limit's hierarchical sampler
     * ({@code V = (σ²/H)Σ_a s_aᵀKs_a}: a score draw {@code Rz}, a softmax and a quadratic form per head) on one
     * thread: {@code limit --heads 64 --sample 200000 --threads 1} (s = 4) in 8 s, 3.9e-8 s per unit.
     */
    static final double LIMIT_SAMPLE_SECONDS = 4e-8;

    /**
     * Refuses {@code limit --sample N} with {@code H} heads and {@code s} tokens whose estimated time
     * ({@link #LIMIT_SAMPLE_SECONDS} × N × H × s², one thread) exceeds {@link #MAX_SIMULATION_SECONDS}.
     */
    static void requireLimitSampling(long samples, long heads, long tokens) {
        double seconds = LIMIT_SAMPLE_SECONDS * samples * heads * Math.max(1, tokens * tokens);
        if (seconds > MAX_SIMULATION_SECONDS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--sample %d with H = %d heads and s = %d tokens"
                    + " would take about %.1f hours (each draw samples every head's scores); at most about %.0f minutes:"
                    + " fewer --sample or --heads", samples, heads, tokens, seconds / 3600, MAX_SIMULATION_SECONDS / 60));
        }
    }

    /** Longest simulation accepted, in estimated seconds (Ctrl-C still prints what was drawn). */
    static final double MAX_SIMULATION_SECONDS = 3600;

    /**
     * Refuses a finite-width simulation whose estimated time exceeds {@link #MAX_SIMULATION_SECONDS}: the exact
     * sampler costs about 2e-9 s per sample, head, token and unit of width, the dense one (every matrix drawn)
     * about 4e-8 s per sample, head, token and width squared (measured on two loaded cores: 20,000 exact samples at
     * n = 1024, H = 2, s = 4 in 0.2 s; 200 dense samples at n = 256 in 4 s).
     */
    static void requireSimulationTime(boolean dense, long samples, long heads, long tokens, long width) {
        double units = (double) samples * heads * tokens * width * (dense ? width : 1);
        double seconds = units * (dense ? 4e-8 : 2e-9);
        if (seconds > MAX_SIMULATION_SECONDS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%d samples of the %s layer at n = %d, H = %d,"
                    + " s = %d would take about %.0f hours (%s); at most about %.0f minutes: fewer --samples, --heads or"
                    + " a smaller --width%s", samples, dense ? "dense" : "exact", width, heads, tokens, seconds / 3600,
                    dense ? "the dense sampler draws every n x n matrix" : "the cost grows with samples x H x s x n",
                    MAX_SIMULATION_SECONDS / 60, dense ? " (or --method exact)" : ""));
        }
    }
}
