package org.attnlimit.limit;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The law of one output of a {@link ProgramLaw} under the {@link Law} contract (Theorem 3.1): moments
 * from the output's independent parts, the distribution function and density by the output's inversion,
 * samples from the {@link HierarchicalSampler}.
 */
final class OutputLaw implements Law {
    private final ProgramLaw law;
    private final String name;

    OutputLaw(ProgramLaw law, String name) {
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

    /**
     * @return the excess kurtosis as the part engine computes it ({@code κ₄/v²}, from the fourth cumulant: no
     *     cancellation of {@code m₄/v² − 3}), its error propagated by {@link Estimate#excessKurtosis}
     */
    @Override
    public Estimate excessKurtosis() {
        return new Estimate(m().excessKurtosis(), Estimate.excessKurtosis(variance(), centralFourthMoment()).error());
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

    private void requireDistribution() {
        if (!law.hasDensity(name)) {
            throw new UnsupportedOperationException("'" + name + "': " + law.densityNote(name));
        }
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
        ProgramLaw.Moments m = m();
        return new Method(m.conditionallyGaussian() ? "conditionally Gaussian" : "nested quadrature",
                m.conditionallyGaussian(), 0, 0, 0, law.hasDensity(name), Accuracy.WITHIN_TARGET, false, m.method());
    }
}
