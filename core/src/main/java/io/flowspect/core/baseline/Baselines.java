package io.flowspect.core.baseline;

import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.eval.DetectionMetrics;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.score.LosslessCompressor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Measures baseline densities on the splits of an evaluation, with the deep model's compressor. */
public final class Baselines {

  private Baselines() {}

  /**
   * Scores the held-out normal images and every anomalous set with one baseline.
   *
   * @param density the fitted baseline
   * @param input the images' shape (their CHW length is {@code input.dims()})
   * @param compressor the compressor of the deep model's complexity score
   * @param normal held-out normal images
   * @param sets anomalous sets by name
   * @return its bits/dim and AUROCs
   * @throws IllegalStateException when the density gives a non-finite log-likelihood, naming the
   *     image
   */
  public static BaselineResult measure(
      BaselineDensity density,
      InputSpec input,
      LosslessCompressor compressor,
      List<ImageRecord> normal,
      Map<String, List<ImageRecord>> sets) {
    double[][] normalScores = scores(density, input, compressor, normal);
    double mean = 0;
    for (double v : normalScores[0]) {
      mean += v / normalScores[0].length;
    }
    Map<String, DetectionMetrics> bpd = new LinkedHashMap<>();
    Map<String, DetectionMetrics> complexity = new LinkedHashMap<>();
    for (Map.Entry<String, List<ImageRecord>> set : sets.entrySet()) {
      double[][] s = scores(density, input, compressor, set.getValue());
      bpd.put(set.getKey(), DetectionMetrics.of(normalScores[0], s[0]));
      complexity.put(set.getKey(), DetectionMetrics.of(normalScores[1], s[1]));
    }
    return new BaselineResult(density.id(), density.description(), mean, bpd, complexity);
  }

  /** [0]: bits/dim per image; [1]: bits/dim minus the compressor's bits/dim. */
  private static double[][] scores(
      BaselineDensity density,
      InputSpec input,
      LosslessCompressor compressor,
      List<ImageRecord> images) {
    List<byte[]> chw = images.stream().map(ImageRecord::chw).toList();
    double[] logPx = density.logPx(chw);
    int d = input.dims();
    double[][] out = new double[2][logPx.length];
    for (int i = 0; i < logPx.length; i++) {
      if (!Double.isFinite(logPx[i])) {
        throw new IllegalStateException(
            "baseline "
                + density.id()
                + " gave log p = "
                + logPx[i]
                + " for image "
                + images.get(i).id());
      }
      out[0][i] = -logPx[i] / (d * Math.log(2));
      out[1][i] = out[0][i] - compressor.bits(chw.get(i), input) / (double) d;
    }
    return out;
  }
}
