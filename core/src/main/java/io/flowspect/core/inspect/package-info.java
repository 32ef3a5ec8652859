/**
 * The one scoring use case: images in, for each either a judgement with its explanation or a
 * refusal with its reason. The service's Kafka pipeline, its REST endpoint and the CLI's {@code
 * score} all inspect through {@link io.flowspect.core.inspect.Inspector}, so an image gets the same
 * scores, decision, heatmap and refusal wherever it arrives; each channel only reads its input and
 * writes its own record.
 */
package io.flowspect.core.inspect;
