/**
 * The Gaussianization flow, fitted by RBIG without gradients: marginal Gaussianization and block
 * rotations, layer after layer ({@link io.flowspect.trainer.gaussianization.GaussianizationFlow}).
 */
package io.flowspect.trainer.gaussianization;
