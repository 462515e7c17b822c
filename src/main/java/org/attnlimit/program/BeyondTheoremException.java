package org.attnlimit.program;

import org.attnlimit.calculus.InvalidInputException;

/**
 * A program refused because it leaves Theorem 3.1: a score-dependent vector feeds a MatMul (a second
 * attention layer, whose limit is an open problem). The message says so in the mathematics' words and
 * names the program's own {@code beyond theorem} declaration; a command that has a switch for it adds
 * that, from {@link #reason()}.
 */
public final class BeyondTheoremException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    /** @param reason {@code "line N: Theorem 3.1: …"}, what leaves the theorem */
    BeyondTheoremException(String reason) {
        super(reason + "; a 'beyond theorem' line in the program allows it, for finite-width simulation only");
        this.reason = reason;
    }

    /** @return what leaves the theorem, without the allowance */
    public String reason() {
        return reason;
    }
}
