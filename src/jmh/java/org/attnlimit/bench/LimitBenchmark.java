package org.attnlimit.bench;

import java.util.concurrent.TimeUnit;
import org.attnlimit.calculus.Activation;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.random.ParallelSampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the limit law of Example 3.1: the moments (per-head quadrature from scratch, rules cached
 * after the first call) for the paper's settings, and the hierarchical sampler's throughput.
 * Run: {@code src/jmh/run LimitBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LimitBenchmark {

    /** Setups: activation, tokens, heads. */
    @Param({"clip:c=1/2/1", "relu/2/1", "clip:c=1/4/2"})
    public String setup;

    private AttentionSetup attention;
    private AttentionLimit law;
    private static final int SAMPLES = 100_000;

    @Setup
    public void prepare() {
        String[] p = setup.split("/");
        attention = AttentionSetup.paper(Activation.parse(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        law = AttentionLimit.of(attention);
    }

    /** Variance, fourth moment and excess kurtosis from scratch. */
    @Benchmark
    public double moments() {
        AttentionLimit l = AttentionLimit.of(attention);
        return l.variance().value() + l.centralFourthMoment().value() + l.excessKurtosis().value();
    }

    /** Hierarchical sampler, one thread: time per sample (divide 1 by it for samples/s). */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double[] sampler() {
        return law.sample(SAMPLES, ParallelSampler.of(1).withThreads(1));
    }
}
