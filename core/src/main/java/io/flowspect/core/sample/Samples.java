package io.flowspect.core.sample;

import java.util.List;

/**
 * Images drawn from a model.
 *
 * @param images CHW unsigned bytes, one per sample
 * @param logPx log p of each sample in nats
 * @param meaning what {@code logPx} is: a flow reports the density at the generated point, an
 *     autoregressive model the exact likelihood of the drawn image
 */
public record Samples(List<byte[]> images, double[] logPx, String meaning) {}
