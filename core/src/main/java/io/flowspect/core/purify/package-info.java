/**
 * PixelDefend purification (Song et al. 2018): moving an image, within a small L-infinity ball, to
 * where an autoregressive model finds it likely.
 */
package io.flowspect.core.purify;
