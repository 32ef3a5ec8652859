package io.flowspect.core.eval;

import io.flowspect.core.local.ConnectedRegions;
import java.util.Arrays;
import java.util.List;

/**
 * The area under the per-region overlap curve (AUPRO, Bergmann et al. 2021, "The MVTec Anomaly
 * Detection Dataset"), the field's pixel-level measure that weighs a small defect as much as a
 * large one: for each threshold on the anomaly maps, the false-positive rate over every defect-free
 * pixel of every frame and the mean, over every connected defect region (8-connected), of the
 * fraction of its pixels above the threshold; the curve is integrated up to a false-positive rate
 * of {@code maxFpr} (0.3 by convention) and divided by it, so a perfect map scores 1.
 *
 * <p>Ties are stepped together (one point per distinct threshold), and the last segment is
 * interpolated at {@code maxFpr}. Memory: one long per pixel for the sort.
 */
public final class Aupro {

  /** The field's integration limit. */
  public static final double DEFAULT_MAX_FPR = 0.3;

  private Aupro() {}

  /**
   * Computes AUPRO.
   *
   * @param maps per frame, its anomaly map (higher is more anomalous), row-major
   * @param masks per frame, its defect pixels (all false for a good frame), row-major
   * @param width map columns
   * @param maxFpr integration limit, in (0, 1]
   * @return AUPRO in [0, 1]; NaN when there is no defect pixel or no defect-free pixel
   */
  public static double of(List<float[]> maps, List<boolean[]> masks, int width, double maxFpr) {
    if (maps.size() != masks.size()) {
      throw new IllegalArgumentException(maps.size() + " maps but " + masks.size() + " masks");
    }
    if (!(maxFpr > 0 && maxFpr <= 1)) {
      throw new IllegalArgumentException("maxFpr must be in (0, 1], got " + maxFpr);
    }
    int total = 0;
    for (float[] m : maps) {
      total += m.length;
    }
    float[] scores = new float[total];
    int[] region = new int[total];
    int regions = 0;
    int offset = 0;
    for (int f = 0; f < maps.size(); f++) {
      float[] map = maps.get(f);
      boolean[] mask = masks.get(f);
      if (mask.length != map.length || map.length % width != 0) {
        throw new IllegalArgumentException(
            "frame " + f + ": map of " + map.length + " and mask of " + mask.length + " pixels");
      }
      int[] labels = ConnectedRegions.label(mask, width);
      int most = 0;
      for (int p = 0; p < map.length; p++) {
        if (Float.isNaN(map[p])) {
          throw new IllegalArgumentException("frame " + f + ": NaN in the map at pixel " + p);
        }
        scores[offset + p] = map[p];
        region[offset + p] = labels[p] == 0 ? -1 : regions + labels[p] - 1;
        most = Math.max(most, labels[p]);
      }
      regions += most;
      offset += map.length;
    }
    int[] regionSize = new int[regions];
    int normal = 0;
    for (int r : region) {
      if (r < 0) {
        normal++;
      } else {
        regionSize[r]++;
      }
    }
    if (regions == 0 || normal == 0) {
      return Double.NaN;
    }
    long[] order = sortDescending(scores);
    double area = 0;
    double fpr = 0;
    double pro = 0;
    double overlapSum = 0;
    int falsePositives = 0;
    int i = 0;
    while (i < total) {
      float threshold = scores[(int) order[i]];
      int j = i;
      while (j < total && scores[(int) order[j]] == threshold) {
        int p = (int) order[j];
        if (region[p] < 0) {
          falsePositives++;
        } else {
          overlapSum += 1.0 / regionSize[region[p]];
        }
        j++;
      }
      double nextFpr = (double) falsePositives / normal;
      double nextPro = overlapSum / regions;
      if (nextFpr >= maxFpr) {
        double t = nextFpr == fpr ? 0 : (maxFpr - fpr) / (nextFpr - fpr);
        double proAtLimit = pro + t * (nextPro - pro);
        area += (maxFpr - fpr) * (pro + proAtLimit) / 2;
        return area / maxFpr;
      }
      area += (nextFpr - fpr) * (pro + nextPro) / 2;
      fpr = nextFpr;
      pro = nextPro;
      i = j;
    }
    return area / maxFpr;
  }

  /** Pixel indices by score, highest first. */
  private static long[] sortDescending(float[] scores) {
    long[] keys = new long[scores.length];
    for (int p = 0; p < scores.length; p++) {
      int bits = Float.floatToIntBits(scores[p] == 0f ? 0f : scores[p]);
      // A signed int in the float's order, inverted for descending; the pixel index breaks ties.
      int ordered = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
      keys[p] = ((long) ~ordered << 32) | p;
    }
    Arrays.sort(keys);
    for (int p = 0; p < keys.length; p++) {
      keys[p] &= 0xFFFFFFFFL;
    }
    return keys;
  }
}
