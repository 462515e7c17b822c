/**
 * The command line (picocli): one class per command, validation before execution, exit codes
 * 0 success, 1 internal or I/O failure, 2 bad input, 3 the mathematics said no.
 *
 * <p>Paper: none directly; each command names the statements it computes.
 *
 * <p>May import: every package of attnlimit. The only package that imports picocli.
 */
package org.attnlimit.cli;
