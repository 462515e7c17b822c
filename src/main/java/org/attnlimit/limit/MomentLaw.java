package org.attnlimit.limit;

/**
 * The part of the {@link Law} contract that every program-output law shares: the mean, variance and central
 * fourth moment of one output read from its {@link ProgramLaw.Moments} (one relative error for all three:
 * {@code E} with {@code err·√Var}, {@code Var} and {@code m₄} with {@code err} relative), and the refusal of
 * the distribution function and density where the law has none. Subclasses add the distribution, atoms,
 * sampler and method of their engine: Theorem 3.1's {@link ProgramLaw} (one layer) or the nested-conditioning
 * law beyond it (a conjecture).
 */
public abstract class MomentLaw implements Law {
    /** The output's name in the program. */
    protected final String name;

    /** @param name the output's name in the program */
    protected MomentLaw(String name) {
        this.name = name;
    }

    /** @return the output's moments with their relative error and method */
    protected abstract ProgramLaw.Moments moments();

    /** @return whether {@link #cdf} and {@link #density} are available */
    protected abstract boolean hasDistribution();

    /** @return why there is no distribution function, or how it is computed */
    protected abstract String distributionNote();

    @Override
    public final Estimate mean() {
        ProgramLaw.Moments m = moments();
        return new Estimate(m.mean(), m.relativeError() * Math.sqrt(m.variance()));
    }

    @Override
    public final Estimate variance() {
        ProgramLaw.Moments m = moments();
        return Estimate.relative(m.variance(), m.relativeError());
    }

    @Override
    public final Estimate centralFourthMoment() {
        ProgramLaw.Moments m = moments();
        return Estimate.relative(m.fourthMoment(), m.relativeError());
    }

    /** @throws UnsupportedOperationException naming the output and the reason when there is no distribution */
    protected final void requireDistribution() {
        if (!hasDistribution()) {
            throw new UnsupportedOperationException("'" + name + "': " + distributionNote());
        }
    }
}
