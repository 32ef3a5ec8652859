package io.flowspect.core.local;

import io.flowspect.core.image.Box;

/**
 * One place a frame's anomaly map calls defective: a connected region (8-connected) of pixels above
 * the pixel threshold.
 *
 * @param box the region's bounding box, in frame pixels
 * @param area its pixels
 * @param peakX column of its highest anomaly value
 * @param peakY row of its highest anomaly value
 * @param peak that value, in standard deviations above good frames
 * @param pValue the share of calibration frames whose highest value reaches the peak, conformal
 *     ({@code (1 + count) / (n + 1)}): how often a good frame has something this strong anywhere
 */
public record DefectRegion(Box box, int area, int peakX, int peakY, double peak, double pValue) {}
