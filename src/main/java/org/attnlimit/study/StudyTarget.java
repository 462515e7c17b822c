package org.attnlimit.study;

import org.attnlimit.calculus.InvalidInputException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.ExactAttentionSampler;
import org.attnlimit.finite.LayerLimit;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.finite.ProgramSampling;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.finite.Readout;
import org.attnlimit.limit.LimitReference;
import org.attnlimit.limit.ProgramOutputLimit;
import org.attnlimit.program.AttentionProgram;
import org.attnlimit.program.Program;
import org.attnlimit.program.Statement;

/**
 * What a study samples: coordinate 1 of one vector of a {@code .netsor} program (Theorem 3.1, Corollary 3.2),
 * or the output {@code y^1_1} of the paper's layer (Example 3.1, Appendix B). A value, serialisable, so that a
 * block ({@link Blocks#compute}) can be computed from it anywhere — a thread here or a Spark executor.
 */
public sealed interface StudyTarget extends Serializable {

    /** Draws one sample at a fixed width from a sample's own stream. */
    @FunctionalInterface
    interface Draw {
        /** @return the sample drawn from {@code rng} only */
        double draw(UniformRandomProvider rng);
    }

    /** @return a short description for reports */
    String describe();

    /** @return a short name for figure titles */
    String shortName();

    /** @return the smallest admissible width */
    int minimumWidth();

    /** @return the sampler of one realisation at width {@code n} */
    Draw sampler(int n);

    /** @return the limit law the samples are compared with */
    LimitReference limit(long seed);

    /** @return the limit's mean ({@code E Z}) */
    double limitMean(LimitReference limit);

    /**
     * The paper's layer, as {@code simulate} builds it (Example 3.1's template, read back as Appendix B's layer),
     * sampled by the exact reduced sampler; σ = 1, 1/√n scores.
     *
     * @param phi the activation of the token inputs, e.g. {@code clip:c=100}
     * @param tokens s
     * @param heads H
     */
    record PaperLayer(String phi, int tokens, int heads) implements StudyTarget {
        private static final long serialVersionUID = 1L;

        /** Validates the layer (one line per problem). */
        public PaperLayer {
            Activation.parse(phi);
            if (tokens < 1) {
                throw new InvalidInputException("tokens s must be >= 1, got " + tokens);
            }
            if (heads < 1) {
                throw new InvalidInputException("heads H must be >= 1, got " + heads);
            }
        }

        /** @return the layer at width {@code n} */
        public LayerSpec layer(int n) {
            Activation activation = Activation.parse(phi);
            LayerSpec.paper(activation, n, tokens, heads);   // the layer's own messages for a bad shape
            Program program = AttentionProgram.paper(activation, tokens, heads, 1, 1, 1, 1);
            return LayerSpec.of(program, AttentionProgram.OUTPUT, n).orElseThrow(() -> new IllegalStateException(
                    "the template of Example 3.1 was not recognised as Appendix B's layer"));
        }

        @Override
        public String describe() {
            return "paper layer (Example 3.1): phi=" + phi + ", s=" + tokens + ", H=" + heads + ", output y^1_1";
        }

        @Override
        public String shortName() {
            return "paper layer, " + phi + ", s = " + tokens + ", H = " + heads;
        }

        @Override
        public int minimumWidth() {
            return tokens;
        }

        @Override
        public Draw sampler(int n) {
            var task = ExactAttentionSampler.of(layer(n)).task(Readout.OUTPUT);
            double[] one = new double[1];
            return rng -> {
                task.fill(rng, one, 0, 1);
                return one[0];
            };
        }

        @Override
        public LimitReference limit(long seed) {
            return LayerLimit.reference(layer(Math.max(tokens, 64)), seed ^ 0x5EEDL);
        }

        @Override
        public double limitMean(LimitReference limit) {
            return 0;   // y is symmetric in law (u ↦ −u)
        }
    }

    /**
     * Coordinate 1 of one vector of a program, simulated exactly by Gaussian conditioning (as {@code simulate
     * --program}).
     *
     * @param name the program's file name (for reports)
     * @param source the program's text
     * @param output the vector recorded
     */
    record ProgramOutput(String name, String source, String output) implements StudyTarget {
        private static final long serialVersionUID = 1L;
        /** Parsed programs, per executor JVM: a block re-reads its target, parsing once. */
        private static final Map<String, Program> PARSED = new ConcurrentHashMap<>();

        /** Parses and checks the program and the output (one line per problem). */
        public ProgramOutput {
            Program program = parse(source);
            Statement def = program.definition(output).orElseThrow(() -> new InvalidInputException(
                    "no vector named '" + output + "' in " + name + "; vectors: " + String.join(", ", program.vectors())));
            if (def instanceof Statement.Score) {
                throw new InvalidInputException("'" + output + "' is a score, not a vector: study records a vector");
            }
        }

        private static Program parse(String source) {
            if (PARSED.size() > 64) {
                PARSED.clear();
            }
            return PARSED.computeIfAbsent(source, Program::parse);
        }

        /** @return the parsed program */
        public Program program() {
            return parse(source);
        }

        @Override
        public String describe() {
            return "program " + name + ", output " + output + " (coordinate 1)";
        }

        @Override
        public String shortName() {
            return name + ", " + output;
        }

        @Override
        public int minimumWidth() {
            return ProgramSampling.minimumWidth(program());
        }

        @Override
        public Draw sampler(int n) {
            ProgramSimulator simulator = ProgramSampling.of(program(), ProgramSimulator.Method.EXACT, List.of(output))
                    .simulator();
            return rng -> simulator.simulate(n, rng).vector(output)[0];
        }

        @Override
        public LimitReference limit(long seed) {
            return ProgramOutputLimit.of(program(), output);
        }

        @Override
        public double limitMean(LimitReference limit) {
            return ((ProgramOutputLimit) limit).mean();
        }
    }
}
