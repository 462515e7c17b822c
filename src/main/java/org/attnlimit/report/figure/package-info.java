/**
 * Paper-ready figures from a description: a {@link org.attnlimit.report.figure.Figure} names its data
 * (the columns of the CSV written beside it) and its series (lines, points with error bars, bands, histogram
 * steps, the limit in solid black), and {@link org.attnlimit.report.figure.FigureWriter} writes, from that one
 * description, the CSV, a vector PDF with its font embedded, a 300 dpi PNG and a pgfplots {@code .tex} that
 * reads the CSV, so an author can {@code \input} it and typeset the figure in the paper's own fonts.
 *
 * <p>Renders only: every number comes from the caller. Imports {@code report} (CSV, atomic files, LaTeX
 * escaping), Java2D and PDFBox; nothing from the engines.
 */
package org.attnlimit.report.figure;
