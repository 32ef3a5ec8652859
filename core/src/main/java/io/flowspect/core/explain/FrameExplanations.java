package io.flowspect.core.explain;

import io.flowspect.core.detect.FrameVerdict;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.DefectRegion;
import io.flowspect.core.report.Heatmap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Explains a whole frame judged by a model trained on patches: its hottest places are the peaks of
 * its defect regions, and its heatmap is the frame next to its anomaly map (standard deviations
 * above good frames), drawn at full resolution or, to stay within the size limit, every second or
 * fourth pixel.
 */
public final class FrameExplanations {

  private FrameExplanations() {}

  /**
   * Explains a frame.
   *
   * @param frame the frame
   * @param verdict its verdict
   * @param map the evidence map kind, e.g. {@code flow_energy}
   * @param options what to attach
   * @return the explanation, method {@code frame_<map>}, unit {@code sd}
   */
  public static Explanation of(
      RasterImage frame, FrameVerdict verdict, String map, ExplainOptions options) {
    List<HotPixel> hottest = new ArrayList<>();
    for (DefectRegion r : verdict.regions()) {
      if (hottest.size() >= options.hotPixels()) {
        break;
      }
      hottest.add(new HotPixel(r.peakX(), r.peakY(), r.peak()));
    }
    return new Explanation(
        "frame_" + map,
        "sd",
        verdict.width(),
        verdict.height(),
        hottest,
        options.heatmap() ? png(frame, verdict, options) : null);
  }

  /**
   * The most a camera frame's heatmap is expected to compress: a resolution whose raw size is more
   * than this many times the byte limit is not encoded at all. Sensor noise and texture keep real
   * frames near 1.4:1 (a 256 x 256 fabric frame and its map: 396 KB raw, 289 KB as PNG), so
   * encoding such a panel only to throw it away cost 30 to 130 ms per alert on this machine.
   */
  static final int MOST_COMPRESSION = 4;

  /** Coarsest subsampling tried: every 8th pixel. */
  private static final int COARSEST = 8;

  private static String png(RasterImage frame, FrameVerdict verdict, ExplainOptions options) {
    for (int step = 1; step <= COARSEST; step *= 2) {
      int w = Math.max(1, frame.width() / step);
      int h = Math.max(1, frame.height() / step);
      int c = frame.channels();
      long raw = 3L * (2L * w + Heatmap.GAP) * h;
      if (step < COARSEST && raw > (long) MOST_COMPRESSION * options.heatmapMaxBytes()) {
        continue;
      }
      byte[] chw = new byte[c * w * h];
      float[] map = new float[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int p = (y * step) * frame.width() + x * step;
          for (int k = 0; k < c; k++) {
            chw[k * w * h + y * w + x] = frame.pixels()[p * c + k];
          }
          map[y * w + x] = verdict.anomalyMap()[p];
        }
      }
      byte[] png = Heatmap.of(chw, c, h, w, map, h, w).png();
      if (png.length <= options.heatmapMaxBytes()) {
        return Base64.getEncoder().encodeToString(png);
      }
    }
    return null;
  }
}
