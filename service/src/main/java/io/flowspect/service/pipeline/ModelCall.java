package io.flowspect.service.pipeline;

import io.flowspect.service.routing.ModelRef;

/**
 * One scoring call of a batch: the images one model scored together.
 *
 * @param model the model
 * @param images images in the call (the model's share of the batch, or 1 when a failed batch is
 *     retried image by image)
 * @param nanos wall time of the call, ONNX Runtime and score computation
 */
public record ModelCall(ModelRef model, int images, long nanos) {}
