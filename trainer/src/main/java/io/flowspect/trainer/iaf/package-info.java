/**
 * The inverse autoregressive flow, distilled from a MAF teacher: parallel sampling, the teacher's
 * exact density ({@link io.flowspect.trainer.iaf.InverseAutoregressiveFlow}).
 */
package io.flowspect.trainer.iaf;
