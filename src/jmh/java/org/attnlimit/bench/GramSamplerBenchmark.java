package org.attnlimit.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.finite.GramSampler;
import org.attnlimit.program.Program;
import org.attnlimit.random.SampleStreams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Samples per second of the Gram-level exact sampler ({@link GramSampler}: Bartlett/Wishart factors, O(1) in the
 * width) on {@code theory/programs/stacked-attention-gram.netsor} — two stacked single-head attention layers, s = 3
 * tokens, beyond Theorem 3.1 — output {@code t2_1} (coordinate 1 of token 1's output), at n = 262 144 (the target
 * of deep attention: ≥ 100 000 samples/s on two cores) and n = 1024 for comparison.
 *
 * <p>{@code oneThread}: one sample per call on one stream (one core). {@code twoThreads}: a batch of
 * {@value #BATCH} samples per call through {@link SampleStreams} with two worker threads, as
 * {@code simulate --program … --threads 2} draws them (score per operation = per sample).
 * Run: {@code src/jmh/run GramSamplerBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 3)
public class GramSamplerBenchmark {
    static final int BATCH = 65_536;

    @Param({"262144", "1024"})
    int width;

    private GramSampler sampler;
    private UniformRandomProvider rng;
    private final double[] one = new double[1];
    private long seed;

    @Setup
    public void setUp() {
        Program p = Program.read(Path.of("theory/programs/stacked-attention-gram.netsor"));
        sampler = GramSampler.of(p, List.of("t2_1"));
        rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
    }

    /** One exact sample at width n on one core. */
    @Benchmark
    public double oneThread() {
        sampler.sample(width, GramSampler.Mode.FINITE, rng, one, 0);
        return one[0];
    }

    /** {@value #BATCH} exact samples on two worker threads (the CLI's sampling path). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double twoThreads() {
        double[] x = sampler.sample(width, GramSampler.Mode.FINITE, BATCH, new SampleStreams(++seed, 2), null);
        return x[BATCH - 1];
    }
}
