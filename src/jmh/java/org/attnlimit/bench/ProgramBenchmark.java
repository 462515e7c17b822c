package org.attnlimit.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.program.Program;
import org.attnlimit.program.Statement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Realisations per second, one core, of {@code theory/programs/mha-s4-h2.netsor} (s = 4, H = 2, the
 * paper's setup), restricted to what {@link #OUTPUT} depends on: the dense simulator (every matrix
 * drawn, O(n²) per product) against Gaussian conditioning (O(n·k) per product), at n = 256, 1024, 4096.
 *
 * <p>{@code gaussianBound} draws, per operation, the fresh standard normals one conditioning realisation
 * needs ({@code n} per initial vector and per product: no product of this program is in the span of the
 * earlier ones) with the same ziggurat sampler and generator: its rate is the Gaussian-draw bound on the
 * samples per second of any exact sampler that outputs the vectors.
 * Run: {@code src/jmh/run ProgramBenchmark -f 1 -wi 2 -i 3}.
 *
 * <p>Figures (one core; thread CPU time by {@link ProgramCpuTime}, since wall-clock throughput on a shared
 * machine swings with the other processes): samples/s dense 306, 20.5, 1.3; conditioning 14 622, 4 801,
 * 1 395; Gaussian-draw bound 37 847, 9 170, 2 342 at n = 256, 1024, 4096 — conditioning is 48×, 234×,
 * 1 085× faster than dense and within 2.6×, 1.9×, 1.7× of the bound (theory/conditioning-sampler.md §6).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 3)
public class ProgramBenchmark {
    /** The recorded output (token 1's output once the program defines it; a score-free vector otherwise). */
    static final String OUTPUT = System.getProperty("attnlimit.bench.output", "y1");

    @Param({"256", "1024", "4096"})
    int width;

    private ProgramSimulator exact;
    private ProgramSimulator dense;
    private UniformRandomProvider rng;
    private ZigguratSampler.NormalizedGaussian gauss;
    private long normals;

    @Setup
    public void setUp() {
        Program p = Program.read(Path.of("theory/programs/mha-s4-h2.netsor"));
        String output = p.definition(OUTPUT).isPresent() ? OUTPUT : "u2_4";
        exact = ProgramSimulator.of(p, ProgramSimulator.Method.EXACT).restrictedTo(List.of(output));
        dense = ProgramSimulator.of(p, ProgramSimulator.Method.DENSE).restrictedTo(List.of(output));
        rng = RandomSource.L64_X128_MIX.create(42L);
        gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        ProgramSimulator.Realization z = exact.simulate(width, rng);
        long draws = 0;
        for (Statement s : p.statements()) {
            if (s instanceof Statement.Input in && in.names().stream().anyMatch(z.vectors()::containsKey)) {
                draws += in.names().size();
            } else if (s instanceof Statement.MatMul mm && z.vectors().containsKey(mm.out())) {
                draws++;
            }
        }
        normals = draws * width;
    }

    /** One dense realisation. */
    @Benchmark
    public double dense() {
        return dense.simulate(width, rng).vectors().size();
    }

    /** One realisation by Gaussian conditioning. */
    @Benchmark
    public double exact() {
        return exact.simulate(width, rng).vectors().size();
    }

    /** The fresh normals of one conditioning realisation, nothing else. */
    @Benchmark
    public double gaussianBound() {
        double s = 0;
        for (long i = 0; i < normals; i++) {
            s += gauss.sample();
        }
        return s;
    }
}
