package io.flowspect.core.score;

import io.flowspect.core.local.MapKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What to compute for a batch of images: which scores, under which classes, and which evidence map.
 * One record instead of a ladder of overloads; start from {@link #of} and add what is needed.
 *
 * @param images unsigned bytes in CHW order, the model input's {@code dims()} each
 * @param conditions each image's class for a conditional bundle (null entries take the scorer's
 *     default class), or null for none
 * @param scores the scores to compute
 * @param map the evidence map to compute from the same passes, or null for none
 * @param signedMaps also compute the map's signed residuals (needs a per-pixel map and a graph with
 *     a pixel_cdf output)
 */
public record ScoreRequest(
    List<byte[]> images,
    List<String> conditions,
    Set<Score> scores,
    MapKind map,
    boolean signedMaps) {

  /** Checks the sizes; copies the score set. */
  public ScoreRequest {
    if (images == null || scores == null) {
      throw new IllegalArgumentException("images and scores must not be null");
    }
    if (conditions != null && conditions.size() != images.size()) {
      throw new IllegalArgumentException(
          conditions.size() + " conditions for " + images.size() + " images");
    }
    scores = scores.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scores));
  }

  /**
   * Asks for scores only.
   *
   * @param images CHW bytes
   * @param scores the scores
   * @return the request
   */
  public static ScoreRequest of(List<byte[]> images, Set<Score> scores) {
    return new ScoreRequest(images, null, scores, null, false);
  }

  /**
   * Scores each image under its own class.
   *
   * @param each the classes, one per image, or null
   * @return a new request
   */
  public ScoreRequest withConditions(List<String> each) {
    return new ScoreRequest(images, each, scores, map, signedMaps);
  }

  /**
   * Also computes an evidence map.
   *
   * @param kind the map, or null for none
   * @return a new request
   */
  public ScoreRequest withMap(MapKind kind) {
    return new ScoreRequest(images, conditions, scores, kind, signedMaps);
  }

  /**
   * Also computes the map's signed residuals, or not.
   *
   * @param signed true to compute them
   * @return a new request
   */
  public ScoreRequest withSignedMaps(boolean signed) {
    return new ScoreRequest(images, conditions, scores, map, signed);
  }

  /**
   * Returns the same request for some of the images.
   *
   * @param from first image, inclusive
   * @param to last image, exclusive
   * @return a new request
   */
  public ScoreRequest slice(int from, int to) {
    return new ScoreRequest(
        images.subList(from, to),
        conditions == null ? null : conditions.subList(from, to),
        scores,
        map,
        signedMaps);
  }
}
