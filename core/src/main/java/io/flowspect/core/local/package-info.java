/**
 * Local defects: per-pixel evidence maps, their standardisation against normal images, and local
 * image scores with the location of the hottest region.
 *
 * <p>Why: a scratch or a stain changes a few dozen pixels, which barely moves an image's total
 * log-likelihood compared with how much it varies between good images, so a global score misses it.
 * The defect does raise the cost of its own pixels; looking where the likelihood changed, relative
 * to how much each position varies on good images, finds it.
 *
 * <p>The evidence is an autoregressive model's per-pixel NLL ({@link
 * io.flowspect.core.local.MapKind#PIXEL_NLL}, {@link io.flowspect.core.local.MapKind#PIXEL_LLR}) or
 * a multi-scale flow's latent energy at every scale ({@link
 * io.flowspect.core.local.MapKind#FLOW_ENERGY}, laid out by {@link
 * io.flowspect.core.local.FlowLatentLayout}).
 */
package io.flowspect.core.local;
