package io.flowspect.core.inspect;

/**
 * One call of a detector on a batch, for throughput metrics.
 *
 * @param images images in the call
 * @param nanos its duration in nanoseconds
 */
public record InferenceCall(int images, long nanos) {}
