package io.flowspect.core.local;

import io.flowspect.core.image.Box;

/**
 * Where an image's local evidence is strongest.
 *
 * @param score the local score: Fisher's -2 sum log p over the reference's statistics, or, for a
 *     reference without statistics, the largest mean standardised evidence over any window (see
 *     {@link LocalScores#find(float[], float[], MapReference)})
 * @param box the hottest region: the best window of the strongest statistic grown over neighbouring
 *     windows more than half as hot, in pixel coordinates of the model input
 * @param peakX column of the hottest window's centre
 * @param peakY row of the hottest window's centre
 */
public record LocalFinding(double score, Box box, int peakX, int peakY) {}
