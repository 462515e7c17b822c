package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.DenseAttentionSampler;
import org.attnlimit.finite.ExactAttentionSampler;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.finite.ProgramSampling;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.finite.Readout;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.program.AttentionProgram;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.random.SampleStreams;

/**
 * Theorem 3.1 for Example 3.1, on the product's own samplers — the ones {@code simulate}, {@code reproduce} and
 * the limit's noise floors use — rather than on the suite's independent oracle ({@link AttentionCase}, kept
 * in the other checks: two versions of each computation). The layer: {@code clip_1} tokens, s = 4, H = 2,
 * {@code σ_Q = σ_K = 2} (large scores, so that a scaling error moves the law; a clipping activation, so that
 * an ignored activation moves the token Gram matrix; two heads, so that a wrong head normalisation moves the
 * variance). Its limit: {@code Z^y | p̊ ~ N(0, V)}, {@code V = (σ_O²σ_V²/H) Σ_a (s^a)ᵀKs^a}; {@code E[V]}
 * and {@code E[V²]} by the deterministic quadrature of the limit law.
 *
 * <p>Rows (checks when the largest width is at least {@link Settings#LIMIT_WIDTH}, decided before the run):
 * <ul>
 *   <li>hierarchical limit sampler (the draws of {@code V} behind {@code limit --sample}, {@code simulate}'s
 *       KDE-KL and noise floors): {@code E[V]} and {@code Var V = Var(V_1)/H} (independent heads) against the
 *       quadrature;</li>
 *   <li>exact reduced layer sampler ({@code simulate}, {@code reproduce}) at the largest width:
 *       {@code E[y²]} and {@code E[y⁴]} against {@code E[V]}, {@code 3E[V²]};</li>
 *   <li>conditioning sampler of the program ({@code simulate --program}) at the largest width: {@code E[y²]};</li>
 *   <li>dense layer sampler ({@code simulate --method dense}), whose draws cost {@code O(n²)}: {@code E[y²]}
 *       against the exact reduced sampler at n = 32, where both are exact in law (no allowance), so that
 *       with the row above it is tied to the limit.</li>
 * </ul>
 * Finite-width biases at n = 1024 are of order 1/n (0.1%), below the intervals (several %).
 */
public final class SamplersCheck implements Check {
    /** Width of the dense-versus-exact row: the dense draw costs {@code (s + 3H)·n²} normal variates. */
    static final int DENSE_WIDTH = 32;

    @Override
    public String name() {
        return "samplers";
    }

    @Override
    public String statement() {
        return "Theorem 3.1 (samplers)";
    }

    @Override
    public String claim() {
        return "the samplers of simulate and reproduce draw the limit law of Z^y at large n";
    }

    /** @return the layer's program: {@code clip_1} tokens, s = 4, H = 2, σ_Q = σ_K = 2, σ_V = σ_O = 1 */
    static Program program() {
        return AttentionProgram.paper(Activation.clip(1), 4, 2, 2, 2, 1, 1);
    }

    @Override
    public CheckResult run(Settings settings) {
        double eps = settings.perturb();
        Program program = program();
        AttentionLimit law = AttentionLimit.of(AttentionSetup.of(program, AttentionProgram.OUTPUT).orElseThrow());
        double ev = law.variance().value();
        double ev2 = law.secondMomentOfV();
        double varV = ev2 - ev * ev;
        String label = "clip:c=1, s=4, H=2, sigma_Q=sigma_K=2";
        List<CheckResult.Row> rows = new ArrayList<>();
        int n = settings.maxWidth();
        boolean judged = settings.judgesLimit(n);
        String trend = judged ? "" : " (n < " + Settings.LIMIT_WIDTH + ": illustration)";

        int limitCount = 4 * Math.min(settings.samples(), 25_000);
        double[] v = law.sampleConditionalVariance(limitCount, settings.sampler(DrawCache.salt("samplers|V"), 1));
        Sample meanV = Sample.of(v);
        Sample var = Theorem31Check.varianceOf(v);
        rows.add(CheckResult.Row.check(label, "hierarchical limit sampler: E[V] vs quadrature", 0, meanV.mean(),
                meanV.halfWidth(), ev, 0, ev, eps));
        rows.add(CheckResult.Row.check(label, "hierarchical limit sampler: Var V vs quadrature Var(V_1)/H (independent heads)",
                0, var.mean(), var.halfWidth(), varV, 0, varV, eps));
        settings.progress().accept(name() + ": limit sampler");

        int count = Math.min(settings.samples() / 2, 10_000);
        LayerSpec spec = LayerSpec.of(program, AttentionProgram.OUTPUT, n).orElseThrow();
        double[] y = ExactAttentionSampler.of(spec).sample(count, Readout.OUTPUT,
                settings.sampler(DrawCache.salt("samplers|exact|" + n), 1), null);
        Sample y2 = Sample.of(y, t -> t * t);
        Sample y4 = Sample.of(y, t -> t * t * t * t);
        rows.add(row(judged, label, "exact reduced layer sampler: E[y^2] vs E[V]" + trend, n, y2, ev, eps));
        rows.add(row(judged, label, "exact reduced layer sampler: E[y^4] vs 3 E[V^2]" + trend, n, y4, 3 * ev2, eps));
        settings.progress().accept(name() + ": exact reduced sampler, n = " + n);

        int conditioned = Math.max(1000, count / 10);
        ProgramSampling sampling = ProgramSampling.of(program, ProgramSimulator.Method.EXACT, List.of(AttentionProgram.OUTPUT));
        double[] yc = sampling.sample(n, conditioned,
                new SampleStreams(settings.seed() * 1_000_003L + DrawCache.salt("samplers|conditioning|" + n), settings.threads()), null);
        rows.add(row(judged, label, "conditioning sampler (simulate --program): E[y^2] vs E[V]" + trend, n,
                Sample.of(yc, t -> t * t), ev, eps));
        settings.progress().accept(name() + ": conditioning sampler, n = " + n);

        int dense = Math.max(2000, count / 5);
        LayerSpec small = LayerSpec.of(program, AttentionProgram.OUTPUT, DENSE_WIDTH).orElseThrow();
        double[] yd = DenseAttentionSampler.of(small).sample(dense, Readout.OUTPUT,
                new ParallelSampler(settings.seed() * 1_000_003L + DrawCache.salt("samplers|dense"), 16, settings.threads()), null);
        double[] ye = ExactAttentionSampler.of(small).sample(4 * dense, Readout.OUTPUT,
                settings.sampler(DrawCache.salt("samplers|exact|" + DENSE_WIDTH), 1), null);
        Sample d2 = Sample.of(yd, t -> t * t);
        Sample e2 = Sample.of(ye, t -> t * t);
        rows.add(CheckResult.Row.check(label, "dense layer sampler vs exact reduced: E[y^2], same finite-width law",
                DENSE_WIDTH, d2.mean(), Settings.Z * Math.hypot(d2.se(), e2.se()), e2.mean(), 0, e2.mean(), eps));
        settings.progress().accept(name() + ": dense sampler, n = " + DENSE_WIDTH);
        return CheckResult.of(this, Settings.LEVEL, rows,
                "the product's samplers against the limit law's quadrature; the other checks use an independent oracle");
    }

    private static CheckResult.Row row(boolean judged, String label, String quantity, int n, Sample s, double limit, double eps) {
        return judged
                ? CheckResult.Row.check(label, quantity, n, s.mean(), s.halfWidth(), limit, 0, limit, eps)
                : CheckResult.Row.illustration(label, quantity, n, s.mean(), s.halfWidth(), limit, 0, limit);
    }
}
