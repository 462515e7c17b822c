package org.attnlimit.study;

import java.io.Serializable;

/**
 * One block of a study: samples {@code from..to-1} of width {@code width}. A block is the unit of scheduling
 * (a thread's job, a Spark task), of storage (one file) and of resumption.
 *
 * @param width n
 * @param index the block's number within its width, from 0
 * @param from the first sample, inclusive
 * @param to the last sample, exclusive
 */
public record Block(int width, int index, int from, int to) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Validates the range. */
    public Block {
        if (!(width >= 1 && index >= 0 && from >= 0 && to > from)) {
            throw new IllegalArgumentException("bad block: width " + width + ", index " + index + ", samples [" + from
                    + ", " + to + ")");
        }
    }

    /** @return the number of samples */
    public int size() {
        return to - from;
    }
}
