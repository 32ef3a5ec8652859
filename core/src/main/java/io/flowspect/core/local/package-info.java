/**
 * Local defects: per-pixel evidence maps, their standardisation against normal images, and local
 * image scores with the location of the hottest region.
 *
 * <p>Why: a scratch or a stain changes a few dozen pixels, which barely moves an image's total
 * log-likelihood compared with how much it varies between good images, so a global score misses it.
 * The defect does raise the cost of its own pixels; looking where the likelihood changed, relative
 * to how much each position varies on good images, finds it.
 */
package io.flowspect.core.local;
