/**
 * Where in an image its model sees the anomaly: an {@link io.flowspect.core.explain.Explainer}
 * turns the decision's evidence map (or, without one, the best map the graph gives) into the
 * hottest pixels and a heatmap PNG, for alerts and REST answers. {@link
 * io.flowspect.core.explain.Explainers#forDetector} picks the map the calibration's local score
 * reads, so a heatmap always shows the evidence its decision was made on.
 */
package io.flowspect.core.explain;
