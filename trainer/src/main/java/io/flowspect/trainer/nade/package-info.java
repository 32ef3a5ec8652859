/**
 * The fully visible families: FVSBN, NADE and RNADE, the field's cheap exact-likelihood baselines.
 * Each writes log p(x) as a product of one conditional per sub-pixel given the sub-pixels before it
 * in raster order (channel by channel for colour), with no latent variable and no flow: an FVSBN
 * through a logistic regression on the earlier sub-pixels, NADE and RNADE through one hidden layer
 * whose weights all conditionals share.
 */
package io.flowspect.trainer.nade;
