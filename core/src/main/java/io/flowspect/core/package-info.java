/** Flowspect core. */
package io.flowspect.core;
