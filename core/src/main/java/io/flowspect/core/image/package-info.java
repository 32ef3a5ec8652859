/**
 * Image decoding and the one preprocessing shared by trainer, CLI and service: bytes to {@link
 * io.flowspect.core.image.RasterImage} ({@link io.flowspect.core.image.ImageDecoder}, bounded by
 * {@link io.flowspect.core.image.ImageLimits}), then to the model's CHW input ({@link
 * io.flowspect.core.image.InputSpec}).
 */
package io.flowspect.core.image;
