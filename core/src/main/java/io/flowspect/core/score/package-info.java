/** Score units and conversions (nats, bits per dimension). */
package io.flowspect.core.score;
