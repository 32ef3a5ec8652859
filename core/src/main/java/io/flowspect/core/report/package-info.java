/**
 * Pictures and pages people look at to judge a model: PNG charts drawn with Java2D ({@link
 * io.flowspect.core.report.HistogramChart}, {@link io.flowspect.core.report.RocChart}), per-pixel
 * score maps over images ({@link io.flowspect.core.report.Heatmap}, {@link
 * io.flowspect.core.report.TileGrid}) and a self-contained static HTML page that ties them together
 * ({@link io.flowspect.core.report.HtmlReport}).
 *
 * <p>Everything renders off-screen into {@link java.awt.image.BufferedImage}s, so it works in a
 * headless JVM; text is set in DejaVu Sans when the font is installed (the logical sans-serif font
 * otherwise). The chart builders are mutable and not thread-safe: build, render, discard.
 */
package io.flowspect.core.report;
