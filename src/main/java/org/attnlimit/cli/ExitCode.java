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

    /** Lines of the "Exit codes" section of every command's --help (picocli's exitCodeList). */
    public static final String HEADING = "%nExit codes:%n";
    public static final String LINE_OK = "0:success";
    public static final String LINE_FAILURE = "1:I/O or internal failure (a file that cannot be written, a bug); one line";
    public static final String LINE_BAD_INPUT = "2:bad input (an invalid option, value, file or program); one line naming it";
    public static final String LINE_REFUTED = "3:the mathematics said no (an inconsistent check, a refuted claim)";

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** @return the numeric process exit code */
    public int code() {
        return code;
    }
}
