package io.flowspect.service.output;

/**
 * Where an image's time went, in milliseconds.
 *
 * @param decode decoding and converting this image to the model input
 * @param inference the scoring call of the image's batch and model (shared by its images)
 * @param service from the first poll of the image's batch to this record's production
 * @param endToEnd from {@code captured-at} (else the input record's timestamp) to this record's
 *     production; includes the producer's and the broker's time before the service saw the image
 */
public record Latencies(double decode, double inference, double service, double endToEnd) {}
