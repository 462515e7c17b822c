package org.attnlimit.cli;

/** Process exit codes of the {@code attnlimit} command line. */
public enum ExitCode {
    /** The command did what was asked. */
    OK(0),
    /** A failure inside attnlimit (a bug, or an I/O error): the message says which. */
    INTERNAL(1),
    /** Bad input: an invalid option, parameter, file or program; a one-line message names it. */
    BAD_INPUT(2),
    /** The mathematics said no: a refuted claim ({@code check}) or an inconsistent check ({@code verify}). */
    REFUTED(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** @return the numeric process exit code */
    public int code() {
        return code;
    }
}
