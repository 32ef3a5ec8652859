package io.flowspect.trainer.flow;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;

/** One invertible layer of a flow, acting on [N, C, H, W] with a known C, H and W. */
public interface FlowStep {

  List<ParamSpec> parameters();

  /** x to y, with log |det dy/dx| per image ([N] or a broadcasting scalar). */
  <T> Flowed<T> forward(Ops<T> ops, T x);

  /** y back to x, with the same forward log-determinant, evaluated at x. */
  <T> Flowed<T> inverse(Ops<T> ops, T y);

  /** A tensor and the log-determinant of the step that produced it. */
  record Flowed<T>(T value, T logDet) {}
}
