package org.attnlimit.numerics;

/** Plants one {@link Mutation} for the extent of a try-with-resources block (tests only). */
public final class Mutants implements AutoCloseable {
    private final Mutation previous;

    private Mutants(Mutation m) {
        this.previous = Mutation.current();
        Mutation.plant(m);
    }

    /** @return a handle whose {@link #close()} removes the bug again */
    public static Mutants plant(Mutation m) {
        return new Mutants(m);
    }

    @Override
    public void close() {
        Mutation.plant(previous);
    }
}
