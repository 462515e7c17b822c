package org.attnlimit.symbolic;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link ClaimAlgebra} (30 s budget per evaluation) for all tests of a class: opened before the first,
 * closed after the last. Register it as {@code @RegisterExtension static final OpenClaimAlgebra algebra = new OpenClaimAlgebra();}
 * and use {@code algebra.get()}.
 */
public final class OpenClaimAlgebra implements BeforeAllCallback, AfterAllCallback {
    private ClaimAlgebra algebra;

    @Override
    public void beforeAll(ExtensionContext context) {
        algebra = ClaimAlgebra.open(Duration.ofSeconds(30));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        algebra.close();
    }

    /** @return the open algebra */
    public ClaimAlgebra get() {
        return algebra;
    }
}
