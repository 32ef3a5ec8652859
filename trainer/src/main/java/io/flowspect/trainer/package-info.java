/** Flowspect trainer. */
package io.flowspect.trainer;
