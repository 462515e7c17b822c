package org.attnlimit.finite;

import org.attnlimit.calculus.InvalidInputException;
import java.util.List;
import java.util.function.LongConsumer;
import org.attnlimit.program.Program;
import org.attnlimit.program.Statement;
import org.attnlimit.random.SampleStreams;

/**
 * Many independent realisations of a program at width {@code n}, each recording some outputs: a vector
 * is read at its first coordinate {@code h_1} (coordinates are exchangeable; Corollary 3.2 is a
 * statement for a fixed coordinate α), a score as it is. Sample {@code i} uses stream {@code i} of
 * {@link SampleStreams}, so the values depend on the seed only. Immutable and thread-safe.
 */
public final class ProgramSampling {
    private final ProgramSimulator simulator;
    private final List<String> outputs;
    private final boolean[] isScore;
    /**
     * The Gram-level fast path ({@link GramSampler}), used for programs beyond Theorem 3.1 that are linear in
     * their Gaussian inputs given the scores (stacked attention) under the exact method; null otherwise. Programs
     * within the theorem keep the conditioning sampler (their numbers for a seed are unchanged).
     */
    private final GramSampler gram;

    private ProgramSampling(ProgramSimulator simulator, List<String> outputs) {
        this.simulator = simulator.restrictedTo(outputs);
        GramSampler g = null;
        if (simulator.method() == ProgramSimulator.Method.EXACT && simulator.program().beyondTheorem()) {
            try {
                g = GramSampler.of(simulator.program(), outputs);
            } catch (UnsupportedOperationException e) {
                g = null;   // an MLP or a layernorm between layers: the conditioning sampler
            }
        }
        this.gram = g;
        this.outputs = List.copyOf(outputs);
        Program program = simulator.program();
        this.isScore = new boolean[outputs.size()];
        for (int k = 0; k < outputs.size(); k++) {
            isScore[k] = program.definition(outputs.get(k)).orElseThrow() instanceof Statement.Score;
        }
    }

    /**
     * @param program the program
     * @param method how products are drawn
     * @param outputs the vectors and scores to record (an unknown name is an IllegalArgumentException)
     * @return the sampling of those outputs, computing only the statements they depend on
     */
    public static ProgramSampling of(Program program, ProgramSimulator.Method method, List<String> outputs) {
        if (outputs == null || outputs.isEmpty()) {
            throw new InvalidInputException("no output to record");
        }
        return new ProgramSampling(ProgramSimulator.of(program, method), outputs);
    }

    /** @return the outputs recorded, in order */
    public List<String> outputs() {
        return outputs;
    }

    /**
     * @param n the width
     * @return whether {@link #sample} draws by the Gram-level sampler at this width (O(1) in n per sample)
     */
    public boolean usesGram(int n) {
        return gram != null && n >= gram.minimumWidth();
    }

    /** @return the simulator (restricted to what the outputs depend on) */
    public ProgramSimulator simulator() {
        return simulator;
    }

    /**
     * @param n the width
     * @param count the number of realisations
     * @param streams the per-sample streams
     * @param progress called with the number of realisations done (may be {@code null})
     * @return {@code count × outputs().size()} values, realisation-major; a prefix if cancelled
     */
    public double[] sample(int n, int count, SampleStreams streams, LongConsumer progress) {
        if (usesGram(n)) {
            return gram.sample(n, GramSampler.Mode.FINITE, count, streams, progress);
        }
        int k = outputs.size();
        return streams.sample(count, k, (rng, out, offset) -> {
            ProgramSimulator.Realization z = simulator.simulate(n, rng);
            for (int j = 0; j < k; j++) {
                out[offset + j] = isScore[j] ? z.score(outputs.get(j)) : z.vector(outputs.get(j))[0];
            }
        }, progress);
    }

    /**
     * @return the largest number of MatMuls with one matrix (the tokens of an attention program), at least
     *     1: at a smaller width the vectors one matrix multiplies are necessarily linearly dependent
     */
    public static int minimumWidth(Program program) {
        java.util.Map<String, Integer> uses = new java.util.HashMap<>();
        int max = 1;
        for (Statement s : program.statements()) {
            if (s instanceof Statement.MatMul mm) {
                max = Math.max(max, uses.merge(mm.matrix(), 1, Integer::sum));
            }
        }
        return max;
    }

    /** @return column {@code j} of a realisation-major array with {@code stride} values per realisation */
    public static double[] column(double[] values, int stride, int j) {
        double[] out = new double[values.length / stride];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i * stride + j];
        }
        return out;
    }
}
