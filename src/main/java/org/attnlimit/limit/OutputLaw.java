package org.attnlimit.limit;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The law of one output of a {@link ProgramLaw} under the {@link Law} contract (Theorem 3.1): moments
 * from the output's independent parts, the distribution function and density by the output's inversion,
 * samples from the {@link HierarchicalSampler}.
 */
final class OutputLaw extends MomentLaw {
    private final ProgramLaw law;

    OutputLaw(ProgramLaw law, String name) {
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

    /**
     * @return the excess kurtosis as the part engine computes it ({@code κ₄/v²}, from the fourth cumulant: no
     *     cancellation of {@code m₄/v² − 3}), its error propagated by {@link Estimate#excessKurtosis}
     */
    @Override
    public Estimate excessKurtosis() {
        return new Estimate(moments().excessKurtosis(), Estimate.excessKurtosis(variance(), centralFourthMoment()).error());
    }

    @Override
    public Cdf cdf(double x) {
        requireDistribution();
        Estimate e = law.cdf(name, new double[] {x})[0];
        double below = e.value();
        double error = e.error();
        for (Atom a : atoms()) {
            if (a.location() == x) {
                below -= a.mass();
                error += a.error();
            }
        }
        return new Cdf(e.value(), below, error);
    }

    @Override
    public Estimate density(double x) {
        requireDistribution();
        Estimate f = law.pdf(name, new double[] {x})[0];
        if (Double.isNaN(f.value())) {
            // At an atom of φ(L) the continuous part's density jumps: the mean of its two one-sided limits.
            double h = 1e-9 * Math.max(1, Math.abs(x));
            Estimate[] side = law.pdf(name, new double[] {x - h, x + h});
            return new Estimate(0.5 * (side[0].value() + side[1].value()),
                    0.5 * Math.abs(side[0].value() - side[1].value()) + side[0].error() + side[1].error());
        }
        return f;
    }

    @Override
    public List<Atom> atoms() {
        return law.atoms(name);
    }

    @Override
    public Sampler sampler(UniformRandomProvider stream) {
        HierarchicalSampler.Draw d = law.sampler(List.of(name)).on(stream);
        double[] y = new double[1];
        return () -> {
            d.next(y);
            return y[0];
        };
    }

    @Override
    public Method method() {
        ProgramLaw.Moments m = moments();
        ProgramOutput o = law.outputOf(name);
        int scores = o.parts.stream().mapToInt(PartLaw::scoreDimensions).max().orElse(0);
        int features = o.parts.stream().mapToInt(PartLaw::gaussianFeatures).max().orElse(0);
        long nodes = o.parts.stream().mapToLong(PartLaw::nodes).sum();
        return new Method(m.conditionallyGaussian() ? "conditionally Gaussian" : "nested quadrature",
                m.conditionallyGaussian(), scores, features, nodes, law.hasDensity(name),
                m.belowTarget() ? Accuracy.BELOW_TARGET : Accuracy.WITHIN_TARGET, false, m.method());
    }
}
