package org.attnlimit.study;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.random.Cancellation;
import org.attnlimit.random.SampleStreams;

/**
 * A study's blocks as pure functions: block {@code (n, [from, to))} is the vector of samples {@code from..to-1}
 * of width {@code n}, sample {@code i} drawn from stream {@code i} of {@link SampleStreams} with the width's seed
 * {@link #widthSeed}. It depends on nothing else — not on the thread, the executor or the order in which
 * blocks run, nor on how the samples are cut into blocks — so the merged result is the same number for number
 * wherever the blocks are computed, and a retried block gives the same numbers.
 */
public final class Blocks {
    /** Multiplier of the width in {@link #widthSeed}: independent streams for every width. */
    public static final long WIDTH_SEED_STEP = 1_000_003L;

    private Blocks() {
    }

    /**
     * @return the seed of width {@code n}: {@code seed + 1000003·n}, so that {@code simulate --program F --output
     *     NAME --width n --seed S+1000003n} draws the same samples as the study's width {@code n}
     */
    public static long widthSeed(long seed, int n) {
        return seed + WIDTH_SEED_STEP * n;
    }

    /**
     * @param widths the widths, in the study's order
     * @param samples samples per width
     * @param perWidth blocks per width (at most {@code samples})
     * @return the blocks, width-major; block {@code b} of a width holds samples {@code [⌊b·N/B⌋, ⌊(b+1)·N/B⌋)}
     */
    public static List<Block> plan(int[] widths, int samples, int perWidth) {
        if (perWidth < 1 || perWidth > samples) {
            throw new InvalidInputException("blocks per width must be between 1 and the samples per width (" + samples + "), got " + perWidth);
        }
        List<Block> blocks = new ArrayList<>();
        for (int n : widths) {
            for (int b = 0; b < perWidth; b++) {
                int from = (int) ((long) b * samples / perWidth);
                int to = (int) ((long) (b + 1) * samples / perWidth);
                blocks.add(new Block(n, b, from, to));
            }
        }
        return blocks;
    }

    /**
     * @param target what is sampled
     * @param seed the study's seed
     * @param block the block
     * @param cancel polled between samples
     * @return the block's samples, or null if cancelled first
     */
    public static double[] compute(StudyTarget target, long seed, Block block, Cancellation cancel) {
        SampleStreams streams = new SampleStreams(widthSeed(seed, block.width()), 1);
        StudyTarget.Draw draw = target.sampler(block.width());
        double[] out = new double[block.size()];
        for (int i = block.from(); i < block.to(); i++) {
            if (cancel != null && cancel.isCancelled()) {
                return null;
            }
            out[i - block.from()] = draw.draw(streams.stream(i));
        }
        return out;
    }
}
