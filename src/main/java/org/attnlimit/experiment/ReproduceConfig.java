package org.attnlimit.experiment;

import org.attnlimit.random.Cancellation;

/**
 * Sizes of the {@code reproduce} run (the paper's, or a quick run); {@link PaperFigures} is the plan that uses them.
 *
 * @param seeds independent trials per width (the paper: 10)
 * @param samples samples per trial (the paper: 50 000)
 * @param reluSamples samples per trial for ReLU, Figure 5 (the paper: 100 000)
 * @param widths the paper's widths for Figures 1, 4, 5 (16, 64, 256, 1024)
 * @param extendedWidths widths beyond the paper's, Figure 1 only, exact sampler (4096, 16384)
 * @param lowRankHeads head counts of Figure 3 (1, 4, 16 with d_h = 64)
 * @param coupledSamples samples per width of the coupled distance estimate (convergence rate)
 * @param threads worker threads (results do not depend on it)
 * @param cancellation the run's token (cancelled by Ctrl-C): the studies stop at their next check
 */
public record ReproduceConfig(int seeds, int samples, int reluSamples, int[] widths, int[] extendedWidths,
        int[] lowRankHeads, int coupledSamples, int threads, Cancellation cancellation) {

    /** @return the paper's sizes (Section 5, Appendix B) plus the extended widths */
    public static ReproduceConfig paper(int threads) {
        return new ReproduceConfig(10, 50_000, 100_000, new int[] {16, 64, 256, 1024},
                new int[] {4096, 16384}, new int[] {1, 4, 16}, 2_000_000, threads, Cancellation.create());
    }

    /** @return a small run producing every file in well under a minute */
    public static ReproduceConfig quick(int threads) {
        return new ReproduceConfig(3, 5_000, 5_000, new int[] {16, 64, 256},
                new int[] {1024, 4096}, new int[] {1, 4, 16}, 100_000, threads, Cancellation.create());
    }

    /** @return the same sizes, polling the run's {@code token} */
    public ReproduceConfig withCancellation(Cancellation token) {
        return new ReproduceConfig(seeds, samples, reluSamples, widths, extendedWidths, lowRankHeads,
                coupledSamples, threads, token);
    }

    /** @return the paper's and the extended widths together */
    public int[] allWidths() {
        int[] all = java.util.Arrays.copyOf(widths, widths.length + extendedWidths.length);
        System.arraycopy(extendedWidths, 0, all, widths.length, extendedWidths.length);
        return all;
    }
}
