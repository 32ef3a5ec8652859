/** A Glow variant with additive couplings, registered as {@code --family glow-additive}. */
package io.flowspect.trainer.flow.additive;
