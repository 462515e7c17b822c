/**
 * Running a study's blocks as Spark tasks; the only package that imports Spark.
 *
 * <p>Paper: none directly (the same blocks as {@link org.attnlimit.study}).
 *
 * <p>May import: study and what study may import.
 */
package org.attnlimit.study.spark;
