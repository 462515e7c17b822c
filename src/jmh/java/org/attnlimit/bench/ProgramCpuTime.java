package org.attnlimit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.program.Program;
import org.attnlimit.program.Statement;

/**
 * The figures of {@link ProgramBenchmark} in thread CPU time rather than wall time: on a shared machine
 * JMH's wall-clock throughput swings by an order of magnitude with the load of other processes, while
 * the CPU time a thread spends per realisation does not. Same program (mha-s4-h2, restricted to y1), same
 * three measurements: dense, Gaussian conditioning, and the Gaussian-draw bound (the fresh normals of one
 * conditioning realisation, nothing else).
 * Run: {@code java -cp <bench classpath> org.attnlimit.bench.ProgramCpuTime 256 1024 4096}.
 */
public final class ProgramCpuTime {
    private ProgramCpuTime() {
    }

    /** @param a widths */
    public static void main(String[] a) {
  ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  Program p = Program.read(Path.of("theory/programs/mha-s4-h2.netsor"));
  for (String ws : a) {
    int n = Integer.parseInt(ws);
    var ex = ProgramSimulator.of(p, ProgramSimulator.Method.EXACT).restrictedTo(List.of("y1"));
    var de = ProgramSimulator.of(p, ProgramSimulator.Method.DENSE).restrictedTo(List.of("y1"));
    var rng = RandomSource.L64_X128_MIX.create(1L);
    var z = ex.simulate(n, rng);
    long draws = 0;
    for (Statement s : p.statements()) {
      if (s instanceof Statement.Input in && in.names().stream().anyMatch(z.vectors()::containsKey)) draws += in.names().size();
      else if (s instanceof Statement.MatMul mm && z.vectors().containsKey(mm.out())) draws++;
    }
    long normals = draws * n;
    int reps = (int) Math.max(20, 4e8 / (normals * 10));
    for (int i = 0; i < reps; i++) ex.simulate(n, rng);
    long t = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < reps; i++) ex.simulate(n, rng);
    double exact = (mx.getCurrentThreadCpuTime() - t) / 1e9 / reps;
    var g = ZigguratSampler.NormalizedGaussian.of(rng); double s = 0;
    for (long i = 0; i < normals * 20; i++) s += g.sample();
    t = mx.getCurrentThreadCpuTime();
    for (long i = 0; i < normals * reps; i++) s += g.sample();
    double bound = (mx.getCurrentThreadCpuTime() - t) / 1e9 / reps;
    int dreps = n >= 4096 ? 2 : n >= 1024 ? 5 : 30;
    de.simulate(n, rng);
    t = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < dreps; i++) de.simulate(n, rng);
    double dense = (mx.getCurrentThreadCpuTime() - t) / 1e9 / dreps;
    System.out.printf("n=%d products+inputs=%d normals/sample=%d | CPU s/sample: dense %.3g, exact %.3g, Gaussian bound %.3g | samples/s per core: dense %.1f, exact %.0f, bound %.0f | exact/dense %.0fx, exact/bound %.2fx  (%f)%n",
      n, draws, normals, dense, exact, bound, 1/dense, 1/exact, 1/bound, dense/exact, exact/bound, s);
  }
}
}
