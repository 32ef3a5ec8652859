/**
 * A seeded benchmark of line-camera frames: textured surfaces (woven fabric, brushed metal, wood, a
 * gridded part, leather grain) with the variation real frames have (lighting gradients, sensor
 * noise, slight misalignment, natural variation of the material) and defects painted with exact
 * pixel masks, written in the MVTec AD folder layout so that {@code train}, {@code calibrate} and
 * {@code evaluate} read it like any plant's data. Everything is computed, nothing is fetched: the
 * same seed gives the same bytes on every JVM ({@link java.util.SplittableRandom} and {@link
 * StrictMath}).
 */
package io.flowspect.core.frames;
