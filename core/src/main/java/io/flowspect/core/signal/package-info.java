/**
 * Sensor signals beside the cameras: mu-law coding of float samples to the 256 levels the
 * likelihood models take, and a seeded simulator of a rotating machine's vibration with bearing,
 * imbalance and misalignment faults, so that the sensor line can be trained, calibrated and judged
 * without fetching anything.
 */
package io.flowspect.core.signal;
