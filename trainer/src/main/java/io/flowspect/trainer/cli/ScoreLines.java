package io.flowspect.trainer.cli;

import io.flowspect.core.detect.Verdict;
import io.flowspect.core.local.LocalFinding;
import io.flowspect.core.score.Score;
import io.flowspect.core.tile.Tile;
import io.flowspect.core.tile.TiledVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON lines of {@code flowspect score}, one map per image, in a fixed key order: {@code id,
 * score_name, score, scores, p_value, anomaly}, {@code reason} when the model pass was not finite
 * ({@code non_finite}), then for a tiled image {@code tiles} and {@code hottest_tile}. JSON has no
 * NaN or infinity, so unavailable numbers are null.
 */
final class ScoreLines {

  private ScoreLines() {}

  /** The line of an image scored whole. */
  static Map<String, Object> of(String id, Verdict v, Set<Score> reported) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", id);
    line.put("score_name", v.score());
    line.put("score", finite(v.value()));
    line.put("scores", scores(v, reported));
    line.put("p_value", finite(v.pValue()));
    line.put("anomaly", v.anomaly());
    if (v.reason() != null) {
      line.put("reason", v.reason());
    }
    if (v.location() != null) {
      line.put("location", location(v));
    }
    return line;
  }

  /**
   * The hottest region of the local evidence, in pixels of the model input: the box {@code x0 <= x
   * < x1}, {@code y0 <= y < y1}, the window centre with the highest mean, what found it (a costly
   * pixel or window, or a darker or brighter neighbourhood), the local score and its p-value.
   */
  static Map<String, Object> location(Verdict v) {
    LocalFinding f = v.location();
    Map<String, Object> box = new LinkedHashMap<>();
    box.put("x0", f.box().x0());
    box.put("y0", f.box().y0());
    box.put("x1", f.box().x1());
    box.put("y1", f.box().y1());
    box.put("peak_x", f.peakX());
    box.put("peak_y", f.peakY());
    box.put("evidence", f.evidence());
    box.put("local", finite(f.score()));
    Double p = v.pValues().get(Score.LOCAL.id());
    box.put("p_value", p == null ? null : finite(p));
    return box;
  }

  /**
   * The line of a tiled image: {@code score} is the aggregate of the tile values, {@code scores}
   * are the hottest tile's, {@code tiles.values} and {@code tiles.p_values} are row-major.
   */
  static Map<String, Object> of(String id, TiledVerdict v, Set<Score> reported) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", id);
    line.put("score_name", v.score());
    line.put("score", finite(v.value()));
    line.put("scores", scores(v.hottestVerdict(), reported));
    line.put("p_value", finite(v.pValue()));
    line.put("anomaly", v.anomaly());
    Map<String, Object> tiles = new LinkedHashMap<>();
    tiles.put("rows", v.rows());
    tiles.put("cols", v.cols());
    tiles.put("width", v.tiling().layout().tileWidth());
    tiles.put("height", v.tiling().layout().tileHeight());
    tiles.put("stride_x", v.tiling().layout().strideX());
    tiles.put("stride_y", v.tiling().layout().strideY());
    tiles.put("aggregate", v.aggregate());
    tiles.put("p_value_method", v.pValueMethod().id());
    tiles.put("values", finite(v.tileValues()));
    tiles.put("p_values", finite(v.tilePValues()));
    line.put("tiles", tiles);
    Tile hot = v.hottestTile();
    Map<String, Object> box = new LinkedHashMap<>();
    box.put("x", hot.x());
    box.put("y", hot.y());
    box.put("w", hot.width());
    box.put("h", hot.height());
    box.put("row", hot.row());
    box.put("col", hot.col());
    line.put("hottest_tile", box);
    return line;
  }

  /** The line of an input that could not be scored. */
  static Map<String, Object> error(String id, String reason) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", id);
    line.put("error", reason);
    return line;
  }

  private static Map<String, Object> scores(Verdict v, Set<Score> reported) {
    Map<String, Object> s = new LinkedHashMap<>();
    for (Score score : reported) {
      s.put(score.id(), finite(v.scores().get(score.id())));
    }
    return s;
  }

  private static List<Double> finite(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add((Double) finite(v));
    }
    return out;
  }

  /** JSON has no NaN or infinity: null stands for "not available". */
  static Object finite(Double value) {
    return value == null || value.isNaN() || value.isInfinite() ? null : value;
  }
}
