package org.attnlimit.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.attnlimit.random.Cancellation;
import org.junit.jupiter.api.Test;

/**
 * The depth study behind fig7: every (architecture, source, depth) point is there, the finite-width cosine at
 * n = 4096 agrees with the limit (conjecture) within its SEs, and bare stacked attention collapses (cosine grows
 * with depth). 6 assertions on random quantities at z = 5.3 (α = 1e-6 overall, two-sided, Bonferroni).
 */
class DepthStudyTest {
    private static final double Z = 5.3;

    @Test
    void pointsAgreeWithTheLimitAndStackedAttentionCollapses() {
        List<DepthStudy.Point> points = DepthStudy.run(3, 1, 2, new int[] {4096}, 2000, 200, 5, 2, Cancellation.create());
        assertThat(points).hasSize(3 * 2 * 2);
        for (DepthStudy.Architecture a : DepthStudy.Architecture.values()) {
            DepthStudy.Point limit = find(points, a, 0, 2);
            DepthStudy.Point finite = find(points, a, 4096, 2);
            double se = Math.hypot(limit.cosineSe(), finite.cosineSe());
            // the finite-width bias of a cosine at n = 4096 is O(1/n) ≈ 2e-4, well inside the SEs (≈ 5e-3 to 1e-2) here
            assertThat(Math.abs(limit.cosine() - finite.cosine())).as(a + " cosine").isLessThanOrEqualTo(Z * se);
        }
        DepthStudy.Point one = find(points, DepthStudy.Architecture.STACKED, 0, 1);
        DepthStudy.Point two = find(points, DepthStudy.Architecture.STACKED, 0, 2);
        assertThat(two.cosine() - one.cosine()).isGreaterThan(Z * Math.hypot(one.cosineSe(), two.cosineSe()));
        assertThat(one.samples()).isEqualTo(2000);
    }

    @Test
    void programsAreBlocksOfTheLanguage() {
        assertThat(DepthStudy.Architecture.PRE_NORM.program(2, 2, 3)).contains("norm=pre, mlp=relu").contains("beyond theorem")
                .contains("input t0_2 ~ N(0, 1)");
    }

    private static DepthStudy.Point find(List<DepthStudy.Point> points, DepthStudy.Architecture a, int width, int depth) {
        return points.stream().filter(p -> p.architecture() == a && p.width() == width && p.depth() == depth).findFirst()
                .orElseThrow();
    }
}
