package io.flowspect.trainer.gaussianization;

import io.flowspect.trainer.graph.Ops;

/**
 * The inverse of one layer's marginal map, in the same piecewise-linear form: its knots are the
 * map's values at the map's knots, its slopes the reciprocals. Computed from the stored parameter
 * values, in double, as constants of the sampling graph.
 *
 * @param knots [D, K + 1] row-major
 * @param slopes [D, K + 2]: left tail, K bins, right tail
 * @param logLeft [D]: log of the left tail's slope
 * @param logSlopeSteps [D, K + 1]: log slope of segment j + 1 minus that of segment j
 * @param atFirstKnot [D]: the inverse's value at its first knot (the map's first knot)
 */
record InverseMap(
    float[] knots, float[] slopes, float[] logLeft, float[] logSlopeSteps, float[] atFirstKnot) {

  static InverseMap of(Ops<?> ops, int layer, int d, int k) {
    float[] start = ops.paramValues(GaussianizationFlow.name(layer, "start"));
    float[] logWidth = ops.paramValues(GaussianizationFlow.name(layer, "log_width"));
    float[] shift = ops.paramValues(GaussianizationFlow.name(layer, "shift"));
    float[] logSlope = ops.paramValues(GaussianizationFlow.name(layer, "log_slope"));
    float[] knots = new float[d * (k + 1)];
    float[] slopes = new float[d * (k + 2)];
    float[] logLeft = new float[d];
    float[] steps = new float[d * (k + 1)];
    for (int i = 0; i < d; i++) {
      double u = shift[i];
      knots[i * (k + 1)] = (float) u;
      for (int j = 0; j < k; j++) {
        double width = Math.exp(logWidth[i * k + j]);
        u += Math.exp(logSlope[i * (k + 2) + j + 1]) * width;
        knots[i * (k + 1) + j + 1] = (float) u;
      }
      for (int j = 0; j < k + 2; j++) {
        slopes[i * (k + 2) + j] = (float) Math.exp(-logSlope[i * (k + 2) + j]);
      }
      logLeft[i] = -logSlope[i * (k + 2)];
      for (int j = 0; j < k + 1; j++) {
        steps[i * (k + 1) + j] = logSlope[i * (k + 2) + j] - logSlope[i * (k + 2) + j + 1];
      }
    }
    return new InverseMap(knots, slopes, logLeft, steps, start.clone());
  }
}
