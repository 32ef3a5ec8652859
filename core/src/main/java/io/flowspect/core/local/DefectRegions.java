package io.flowspect.core.local;

import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.image.Box;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the defective regions of an anomaly map: the pixels above a pixel threshold (calibrated on
 * good frames at a target pixel false-positive rate) grouped into 8-connected regions, each with
 * its box, area, peak and a p-value against the good frames' strongest values. Regions smaller than
 * {@code minArea} pixels are dropped as speckle.
 */
public final class DefectRegions {

  /** Regions smaller than this many pixels are speckle. */
  public static final int MIN_AREA = 4;

  private DefectRegions() {}

  /**
   * Finds regions.
   *
   * @param anomaly the frame's anomaly map, row-major
   * @param width map columns
   * @param threshold the pixel threshold
   * @param minArea the smallest region kept, in pixels
   * @param framePeaks the calibration frames' highest anomaly values, for the p-values
   * @return the regions, strongest peak first
   */
  public static List<DefectRegion> find(
      float[] anomaly, int width, double threshold, int minArea, ConformalReference framePeaks) {
    int height = anomaly.length / width;
    int[] label = new int[anomaly.length];
    List<DefectRegion> out = new ArrayList<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    int next = 0;
    for (int start = 0; start < anomaly.length; start++) {
      if (!(anomaly[start] > threshold) || label[start] != 0) {
        continue;
      }
      next++;
      label[start] = next;
      queue.add(start);
      int area = 0;
      int x0 = width;
      int y0 = height;
      int x1 = 0;
      int y1 = 0;
      int peakAt = start;
      while (!queue.isEmpty()) {
        int p = queue.poll();
        int x = p % width;
        int y = p / width;
        area++;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
        if (anomaly[p] > anomaly[peakAt]) {
          peakAt = p;
        }
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int nx = x + dx;
            int ny = y + dy;
            if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
              continue;
            }
            int q = ny * width + nx;
            if (label[q] == 0 && anomaly[q] > threshold) {
              label[q] = next;
              queue.add(q);
            }
          }
        }
      }
      if (area >= minArea) {
        double peak = anomaly[peakAt];
        out.add(
            new DefectRegion(
                new Box(x0, y0, x1, y1),
                area,
                peakAt % width,
                peakAt / width,
                peak,
                framePeaks.pValue(peak)));
      }
    }
    out.sort(Comparator.comparingDouble(DefectRegion::peak).reversed());
    return out;
  }
}
