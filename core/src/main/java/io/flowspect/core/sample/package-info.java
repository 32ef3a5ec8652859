/** Drawing images from a bundle's generative graphs. */
package io.flowspect.core.sample;
