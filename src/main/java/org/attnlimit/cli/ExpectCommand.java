package org.attnlimit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code attnlimit expect}: Gaussian expectations E[phi(Z)^k] and E[phi(U)psi(V)], symbolic or by quadrature. */
@Command(name = "expect", mixinStandardHelpOptions = true, description = "Gaussian expectations E[phi(Z)^k] and E[phi(U)psi(V)], symbolic or by quadrature.")
public final class ExpectCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("'expect' is not implemented yet");
    }
}
