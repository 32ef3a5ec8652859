/**
 * The diffusion family: a denoising diffusion model whose noising trajectory is its latent, scored
 * through the same bound graph as the VAEs (ELBO, IWAE), with a noise-and-denoise evidence map.
 */
package io.flowspect.trainer.diffusion;
