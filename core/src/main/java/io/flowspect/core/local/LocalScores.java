package io.flowspect.core.local;

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
    double[] local = new double[table.size()];
    LocalFinding[] findings = new LocalFinding[table.size()];
    for (int i = 0; i < local.length; i++) {
      findings[i] = find(maps.values()[i], reference);
      local[i] = findings[i].score();
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
    return WindowScan.scan(
        reference.standardise(evidence),
        reference.height(),
        reference.width(),
        reference.window(),
        reference.hotWindow());
  }
}
