/**
 * Rendering of results: LaTeX tables and documents, CSV, JSON, plots, the proof map.
 *
 * <p>Paper: the tables and figures that reproduce it (Figures 2–4, the moment tables).
 *
 * <p>May import: calculus, check, experiment, limit, program, random, stats (results to render).
 */
package org.attnlimit.report;
