/**
 * Variational autoencoders ({@code vae}, {@code hvae}): convolutional encoders and decoders,
 * diagonal Gaussian posteriors, a discretised logistic likelihood per sub-pixel (or a Bernoulli per
 * binarised pixel: {@link io.flowspect.trainer.vae.Likelihood}), trained on the ELBO with KL
 * warm-up and free bits and scored by importance-weighted bounds.
 */
package io.flowspect.trainer.vae;
