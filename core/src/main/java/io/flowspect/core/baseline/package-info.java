/**
 * Simple densities fitted beside every deep model, on the same images and splits, so that a results
 * table shows what a density with no depth reaches: independent pixels (a categorical per
 * sub-pixel) and probabilistic PCA (a Gaussian with a low-rank covariance). Closed-form fits, no
 * gradient training, seconds on a CPU.
 */
package io.flowspect.core.baseline;
