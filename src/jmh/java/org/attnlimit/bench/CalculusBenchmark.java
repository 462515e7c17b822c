package org.attnlimit.bench;

import java.util.concurrent.TimeUnit;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.ClosedFormProvider;
import org.attnlimit.calculus.Expectation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.calculus.SplitQuadrature;
import org.attnlimit.symbolic.SymjaClosedForms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Costs of the three ways to an expectation: a Symja derivation of E[clip_1(Z)²] cold (fresh evaluator,
 * empty cache) and warm (cached derivation, evaluator reused), split quadrature, and the hand-coded
 * closed form and identity the rest of attnlimit calls.
 */
public class CalculusBenchmark {
    private static final Activation CLIP = Activation.clip(1);
    private static final Activation TANH = Activation.parse("tanh");

    /** A fresh evaluator and an empty cache before every single-shot iteration. */
    @State(Scope.Thread)
    public static class Cold {
        SymjaClosedForms symja;

        @Setup(Level.Iteration)
        public void start() {
            SymjaClosedForms.clearCache();
            symja = SymjaClosedForms.create();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            symja.close();
        }
    }

    /** One evaluator, its derivation cached by a first call. */
    @State(Scope.Thread)
    public static class Warm {
        SymjaClosedForms symja;

        @Setup(Level.Trial)
        public void start() {
            symja = SymjaClosedForms.create();
            symja.moment(CLIP, 2, 0, 1);
        }

        @TearDown(Level.Trial)
        public void stop() {
            symja.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ClosedFormProvider.Outcome symbolicCold(Cold s) {
        return s.symja.moment(CLIP, 2, 0, 1);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ClosedFormProvider.Outcome symbolicWarm(Warm s) {
        return s.symja.moment(CLIP, 2, 0, 1);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Expectation quadratureMoment() {
        return SplitQuadrature.moment(TANH, 2, 0.3, 1.5);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Expectation quadraturePairClipClip() {
        return GaussianExpectations.pair(CLIP, CLIP, 1, 1, 0.5);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Expectation closedFormMoment() {
        return GaussianExpectations.moment(CLIP, 2, 0, 1);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Expectation identityPair() {
        return GaussianExpectations.pair(Activation.relu(), Activation.relu(), 1, 2, 0.7);
    }
}
