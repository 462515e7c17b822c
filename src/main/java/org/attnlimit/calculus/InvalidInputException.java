package org.attnlimit.calculus;

/**
 * A refusal of bad input by an engine: a value, parameter, program or formula that the mathematics cannot
 * take, with a one-line message naming it in the mathematics' words. The command line maps exactly this
 * type (and picocli's parameter errors) to exit 2; any other {@link IllegalArgumentException}, e.g. one
 * thrown by a library, is a failure of attnlimit itself (exit 1).
 */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the bad value and what is expected */
    public InvalidInputException(String message) {
        super(message);
    }

    /** @param message one line naming the bad value and what is expected; {@code cause} the refusal it rephrases */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
