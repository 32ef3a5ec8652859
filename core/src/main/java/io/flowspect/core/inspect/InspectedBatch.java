package io.flowspect.core.inspect;

import java.util.List;

/**
 * The outcome of {@link Inspector#inspect(List)}.
 *
 * @param inspections one per subject, in the subjects' order
 * @param calls the model calls made: one for the batch, or one per image after the batch failed
 */
public record InspectedBatch(List<Inspection> inspections, List<InferenceCall> calls) {

  /** Copies the lists. */
  public InspectedBatch {
    inspections = List.copyOf(inspections);
    calls = List.copyOf(calls);
  }
}
