package org.attnlimit.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.DenseAttentionSampler;
import org.attnlimit.finite.ExactAttentionSampler;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.finite.Readout;
import org.attnlimit.random.ParallelSampler;
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
 * Samples per second, one core, of the dense Appendix B network and of the exact reduced sampler
 * (s = 4, H = 2, the setting of Figure 1), at widths 256, 1024, 4096. {@code exact} uses the paper's
 * clip with c = 100 (Wishart shortcut, cost independent of n); {@code exactGramPath} uses ReLU, which
 * forms the token inputs explicitly (O(s·n)).
 * Run: {@code src/jmh/run SamplerBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 3)
public class SamplerBenchmark {
    private static final int BATCH = 256;

    @Param({"256", "1024", "4096"})
    int width;

    private ParallelSampler.ChunkTask dense;
    private ParallelSampler.ChunkTask exact;
    private ParallelSampler.ChunkTask exactGram;
    private UniformRandomProvider rng;
    private final double[] out = new double[BATCH];

    @Setup
    public void setUp() {
        LayerSpec clip = LayerSpec.paper(Activation.clip(100), width, 4, 2);
        dense = DenseAttentionSampler.of(clip).task(Readout.OUTPUT);
        exact = ExactAttentionSampler.of(clip).task(Readout.OUTPUT);
        exactGram = ExactAttentionSampler.of(LayerSpec.paper(Activation.relu(), width, 4, 2)).task(Readout.OUTPUT);
        rng = RandomSource.L64_X128_MIX.create(42L);
    }

    /** One sample of the dense network per operation. */
    @Benchmark
    public double dense() {
        dense.fill(rng, out, 0, 1);
        return out[0];
    }

    /** The exact sampler, clip c = 100. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double exact() {
        exact.fill(rng, out, 0, BATCH);
        return out[BATCH - 1];
    }

    /** The exact sampler through the explicit O(s·n) Gram path (ReLU). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double exactGramPath() {
        exactGram.fill(rng, out, 0, BATCH);
        return out[BATCH - 1];
    }
}
