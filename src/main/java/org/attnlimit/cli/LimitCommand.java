package org.attnlimit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code attnlimit limit}: The limit law of multi-head attention (Example 3.1): moments, density, CDF, samples. */
@Command(name = "limit", mixinStandardHelpOptions = true, description = "The limit law of multi-head attention (Example 3.1): moments, density, CDF, samples.")
public final class LimitCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("'limit' is not implemented yet");
    }
}
