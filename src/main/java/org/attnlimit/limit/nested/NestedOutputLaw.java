package org.attnlimit.limit.nested;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.limit.Estimate;
import org.attnlimit.limit.Law;
import org.attnlimit.limit.ProgramLaw;

/**
 * One output of a {@link NestedLaw} under the {@link Law} contract: a <b>conjecture</b>
 * ({@link Law.Method#conjecture()} is true), moments and the distribution function with the errors of the
 * randomised quasi-Monte Carlo over the score hierarchy, samples from the hierarchy on the caller's stream.
 */
final class NestedOutputLaw implements Law {
    private final NestedLaw law;
    private final String name;

    NestedOutputLaw(NestedLaw law, String name) {
        this.law = law;
        this.name = name;
    }

    private ProgramLaw.Moments m() {
        return law.moments(name);
    }

    @Override
    public Estimate mean() {
        ProgramLaw.Moments m = m();
        return new Estimate(m.mean(), m.relativeError() * Math.sqrt(m.variance()));
    }

    @Override
    public Estimate variance() {
        ProgramLaw.Moments m = m();
        return Estimate.relative(m.variance(), m.relativeError());
    }

    @Override
    public Estimate centralFourthMoment() {
        ProgramLaw.Moments m = m();
        return Estimate.relative(m.fourthMoment(), m.relativeError());
    }

    @Override
    public Cdf cdf(double x) {
        requireDistribution();
        Estimate e = law.cdf(name, new double[] {x})[0];
        return Cdf.continuous(e.value(), e.error());
    }

    @Override
    public Estimate density(double x) {
        requireDistribution();
        return law.pdf(name, new double[] {x})[0];
    }

    private void requireDistribution() {
        if (!law.hasDensity(name)) {
            throw new UnsupportedOperationException("'" + name + "': " + law.densityNote(name));
        }
    }

    @Override
    public List<Atom> atoms() {
        return List.of();
    }

    @Override
    public Sampler sampler(UniformRandomProvider stream) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(stream);
        NestedLaw.OneDraw d = law.drawer(name);
        return () -> d.draw(g);
    }

    @Override
    public Method method() {
        ProgramLaw.Moments m = m();
        return new Method("nested conditioning", m.conditionallyGaussian(), law.scoreDimensions(), 0, law.points(),
                law.hasDensity(name), law.reached() ? Accuracy.WITHIN_TARGET : Accuracy.BELOW_TARGET, true, m.method());
    }
}
