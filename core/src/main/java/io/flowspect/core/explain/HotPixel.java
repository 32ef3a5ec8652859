package io.flowspect.core.explain;

/**
 * One of the pixels a model finds least likely.
 *
 * @param x column in the model input
 * @param y row in the model input
 * @param value the map's value there (for {@code pixel_nll}: nats, summed over channels)
 */
public record HotPixel(int x, int y, double value) {}
