package io.flowspect.core.local;

import io.flowspect.core.score.NonFinite;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;

/**
 * Adds the {@link Score#LOCAL} column and each image's {@link LocalFinding} to a table that holds
 * evidence maps. The one definition of the local score, used by calibration, evaluation, the CLI
 * and the service.
 */
public final class LocalScores {

  private LocalScores() {}

  /**
   * Computes local scores and findings.
   *
   * @param table scores with {@link ScoreTable#maps()} of the reference's kind and size
   * @param reference the normal images' map statistics and the window
   * @return the table with the local column and findings
   * @throws IllegalArgumentException if the table has no maps or maps of another kind or size
   */
  public static ScoreTable add(ScoreTable table, MapReference reference) {
    EvidenceMaps maps = table.maps();
    if (maps == null) {
      throw new IllegalArgumentException(
          "score local needs evidence maps (" + reference.map() + "); the scores have none");
    }
    if (maps.kind() != reference.kind()
        || maps.height() != reference.height()
        || maps.width() != reference.width()) {
      throw new IllegalArgumentException(
          "evidence maps are "
              + maps.kind()
              + " "
              + maps.height()
              + "x"
              + maps.width()
              + ", the calibration's map statistics "
              + reference.map()
              + " "
              + reference.height()
              + "x"
              + reference.width());
    }
    if (reference.needsSigned() && maps.signed() == null) {
      throw new IllegalArgumentException(
          "the calibration's local score reads signed residual maps (the model's pixel_cdf); the"
              + " scores have none: score with signed maps, or re-export an older bundle with"
              + " flowspect export and calibrate it again");
    }
    double[] local = new double[table.size()];
    LocalFinding[] findings = new LocalFinding[table.size()];
    for (int i = 0; i < local.length; i++) {
      findings[i] =
          find(maps.values()[i], maps.signed() == null ? null : maps.signed()[i], reference);
      local[i] = NonFinite.saturate(Score.LOCAL, findings[i].score());
    }
    return table.withLocal(local, findings);
  }

  /**
   * Adds local scores when there is a reference and the table lacks them.
   *
   * @param table scores, with maps when {@code reference} is not null
   * @param reference map statistics, or null
   * @return the table, with the local column when a reference was given
   */
  public static ScoreTable ensure(ScoreTable table, MapReference reference) {
    if (reference == null || table.columns().containsKey(Score.LOCAL)) {
      return table;
    }
    return add(table, reference);
  }

  /**
   * Scores one evidence map.
   *
   * @param evidence an image's evidence map
   * @param reference the statistics and window
   * @return the local score and hottest region
   */
  public static LocalFinding find(float[] evidence, MapReference reference) {
    return find(evidence, null, reference);
  }

  /**
   * Scores one evidence map and its signed residuals.
   *
   * <p>With {@link MapReference#statistics()}, the score is Fisher's -2 sum log p over the
   * statistics, each p-value from its reference with an exponential tail beyond the largest normal
   * value ({@link io.flowspect.core.calibration.ConformalReference#tailPValue}); the region is the
   * one of the statistic with the smallest p-value. Without, it is the hottest window's mean.
   *
   * @param evidence an image's evidence map
   * @param signed the image's signed residual map, or null when the reference needs none
   * @param reference the statistics and window
   * @return the local score and hottest region
   * @throws IllegalArgumentException if the reference needs the signed map and none was given
   */
  public static LocalFinding find(float[] evidence, float[] signed, MapReference reference) {
    float[] z = reference.standardise(evidence);
    int h = reference.height();
    int w = reference.width();
    if (reference.statistics().isEmpty()) {
      return WindowScan.scan(z, h, w, reference.window(), reference.hotWindow());
    }
    double fisher = 0;
    double smallest = Double.POSITIVE_INFINITY;
    LocalStatistic strongest = null;
    for (LocalStatistic s : reference.statistics()) {
      float[] map = s.signed() ? requireSigned(signed) : z;
      double p = s.reference().tailPValue(WindowScan.hottest(map, h, w, s.window(), s.signed()));
      fisher -= 2 * Math.log(p);
      if (p < smallest) {
        smallest = p;
        strongest = s;
      }
    }
    LocalFinding region =
        WindowScan.scan(
            strongest.signed() ? signed : z,
            h,
            w,
            strongest.window(),
            strongest.hotWindow(),
            strongest.signed());
    return new LocalFinding(
        fisher,
        region.box(),
        region.peakX(),
        region.peakY(),
        evidence(strongest, signed, w, region));
  }

  /** Names what found the region: a costly pixel or window, or the direction of the residuals. */
  private static String evidence(LocalStatistic s, float[] signed, int width, LocalFinding region) {
    if (!s.signed()) {
      return s.window() == 1 ? LocalFinding.PIXEL : LocalFinding.WINDOW;
    }
    int x0 = region.peakX() - s.window() / 2;
    int y0 = region.peakY() - s.window() / 2;
    double sum = 0;
    for (int y = y0; y < y0 + s.window(); y++) {
      for (int x = x0; x < x0 + s.window(); x++) {
        sum += signed[y * width + x];
      }
    }
    return sum < 0 ? LocalFinding.DARKER : LocalFinding.BRIGHTER;
  }

  /**
   * Describes how a reference scores, for consoles and reports.
   *
   * @param reference the map statistics
   * @return e.g. "fisher over [evidence w1, evidence w3, signed w3]" or "hottest window"
   */
  public static String describe(MapReference reference) {
    return reference.statistics().isEmpty()
        ? "hottest window"
        : "fisher over " + reference.statistics().stream().map(LocalStatistic::label).toList();
  }

  private static float[] requireSigned(float[] signed) {
    if (signed == null) {
      throw new IllegalArgumentException(
          "the local score reads the signed residual map (pixel_cdf), and none was given");
    }
    return signed;
  }
}
