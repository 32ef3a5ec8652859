package io.flowspect.core.signal;

/**
 * Where in a recording the evidence is strongest: the hottest window's hottest stretch.
 *
 * @param channel the channel, from 0
 * @param startSample first sample of the stretch
 * @param endSample one past its last sample
 * @param startSeconds {@code startSample} in seconds from the recording's first sample
 * @param endSeconds {@code endSample} in seconds
 * @param evidence what found it: the local finding's kind ({@code window}, {@code pixel}...), or
 *     {@code whole_window} when the calibration holds no map statistics
 */
public record SignalSpan(
    int channel,
    int startSample,
    int endSample,
    double startSeconds,
    double endSeconds,
    String evidence) {}
