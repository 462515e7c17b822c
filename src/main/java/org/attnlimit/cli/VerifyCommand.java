package org.attnlimit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code attnlimit verify}: Numerical checks of the proof's lemmas (D.3-D.9, C.3/C.4, Theorem 3.1). */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Numerical checks of the proof's lemmas (D.3-D.9, C.3/C.4, Theorem 3.1).")
public final class VerifyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("'verify' is not implemented yet");
    }
}
