/**
 * Variational autoencoders ({@code vae}, {@code hvae}): convolutional encoders and decoders,
 * diagonal Gaussian posteriors, a discretised logistic likelihood per sub-pixel, trained on the
 * ELBO with KL warm-up and free bits and scored by importance-weighted bounds.
 */
package io.flowspect.trainer.vae;
