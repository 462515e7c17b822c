package org.attnlimit.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Symja reports failure as values; the worker must turn them into failures with a reason. */
class SymjaWorkerTest {

    @Test
    void unevaluatedOrAbortedIntegralIsAFailure() {
        try (SymjaWorker worker = new SymjaWorker()) {
            // tanh against the Gaussian density has no elementary antiderivative: Symja returns the
            // integral unevaluated or gives up; either way no closed form may be accepted.
            SymjaWorker.Result r = worker.eval("Integrate(Tanh(x)*Exp(-x^2/2),{x,0,Infinity})", Duration.ofSeconds(1));
            assertThat(r.value()).isEmpty();
            assertThat(r.failure()).containsAnyOf("unevaluated", "gave up", "timed out");
            SymjaWorker.Result ok = worker.eval("Integrate(x*Exp(-x^2/2),{x,0,Infinity})", Duration.ofSeconds(10));
            assertThat(ok.text()).isEqualTo("1");
        }
    }
}
