package org.attnlimit.limit.nested;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.attnlimit.limit.Estimate;
import org.attnlimit.limit.Law;
import org.attnlimit.limit.MomentLaw;
import org.attnlimit.limit.ProgramLaw;

/**
 * One output of a {@link NestedLaw} under the {@link Law} contract: a <b>conjecture</b>
 * ({@link Law.Method#conjecture()} is true), moments and the distribution function with the errors of the
 * randomised quasi-Monte Carlo over the score hierarchy, samples from the hierarchy on the caller's stream.
 */
final class NestedOutputLaw extends MomentLaw {
    private final NestedLaw law;

    NestedOutputLaw(NestedLaw law, String name) {
        super(name);
        this.law = law;
    }

    @Override
    protected ProgramLaw.Moments moments() {
        return law.moments(name);
    }

    @Override
    protected boolean hasDistribution() {
        return law.hasDensity(name);
    }

    @Override
    protected String distributionNote() {
        return law.densityNote(name);
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
        ProgramLaw.Moments m = moments();
        return new Method("nested conditioning", m.conditionallyGaussian(), law.scoreDimensions(), 0, law.points(),
                law.hasDensity(name), law.reached() ? Accuracy.WITHIN_TARGET : Accuracy.BELOW_TARGET, true, m.method());
    }
}
