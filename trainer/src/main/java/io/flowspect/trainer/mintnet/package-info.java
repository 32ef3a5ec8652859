/**
 * MintNet (Song, Meng and Ermon 2019): a flow built from masked convolutions, whose Jacobian is
 * triangular, so that its log-determinant is a sum of diagonal terms and the inverse a fixed-point
 * iteration.
 */
package io.flowspect.trainer.mintnet;
