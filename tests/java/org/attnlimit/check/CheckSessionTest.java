package org.attnlimit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.attnlimit.calculus.Activation;
import org.attnlimit.symbolic.DiskCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk cache: a second check of the same claim starts no Symja and gives the same verdict; a broken cache is no cache. */
class CheckSessionTest {
    private static final String CLAIM = "2*Phi(c)-1-2*c*phi(c)+2*c^2*(1-Phi(c))";

    @TempDir
    Path dir;

    private static Verdict check(CheckSession s, String claim) {
        Quantity q = new MomentQuantity(Activation.parse("clip"), false, 2);
        return s.judge(s.prepare(claim, q, Map.of()));
    }

    @Test
    void aSecondCheckStartsNoComputerAlgebra() {
        Verdict first;
        try (CheckSession s = CheckSession.open(Duration.ofSeconds(30), DiskCache.at(dir))) {
            first = check(s, CLAIM);
            assertThat(s.startedAlgebra()).isTrue();
        }
        try (CheckSession s = CheckSession.open(Duration.ofSeconds(30), DiskCache.at(dir))) {
            Verdict second = check(s, CLAIM);
            assertThat(s.startedAlgebra()).isFalse();
            assertThat(second.status()).isEqualTo(first.status()).isEqualTo(Verdict.Status.HOLDS_IDENTICALLY);
            assertThat(second.derived()).isEqualTo(first.derived());
            assertThat(second.worst().deviation()).isEqualTo(first.worst().deviation());
            // a different claim is a miss
            assertThat(check(s, "2*Phi(c)-1").status()).isEqualTo(Verdict.Status.REFUTED);
            assertThat(s.startedAlgebra()).isTrue();
        }
    }

    @Test
    void anUnwritableCacheIsNoCache() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        try (CheckSession s = CheckSession.open(Duration.ofSeconds(30), DiskCache.at(notADirectory))) {
            assertThat(check(s, CLAIM).status()).isEqualTo(Verdict.Status.HOLDS_IDENTICALLY);
        }
    }
}
