package io.flowspect.core.local;

import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.image.Box;
import java.util.ArrayList;
import java.util.Arrays;
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
    int[] label = labels(anomaly, width, threshold);
    int regions = count(label);
    int height = anomaly.length / width;
    int[] area = new int[regions + 1];
    int[] x0 = new int[regions + 1];
    int[] y0 = new int[regions + 1];
    int[] x1 = new int[regions + 1];
    int[] y1 = new int[regions + 1];
    int[] peakAt = new int[regions + 1];
    Arrays.fill(x0, width);
    Arrays.fill(y0, height);
    Arrays.fill(peakAt, -1);
    for (int p = 0; p < anomaly.length; p++) {
      int l = label[p];
      if (l == 0) {
        continue;
      }
      int x = p % width;
      int y = p / width;
      area[l]++;
      x0[l] = Math.min(x0[l], x);
      y0[l] = Math.min(y0[l], y);
      x1[l] = Math.max(x1[l], x + 1);
      y1[l] = Math.max(y1[l], y + 1);
      if (peakAt[l] < 0 || anomaly[p] > anomaly[peakAt[l]]) {
        peakAt[l] = p;
      }
    }
    List<DefectRegion> out = new ArrayList<>();
    for (int l = 1; l <= regions; l++) {
      if (area[l] >= minArea) {
        double peak = anomaly[peakAt[l]];
        out.add(
            new DefectRegion(
                new Box(x0[l], y0[l], x1[l], y1[l]),
                area[l],
                peakAt[l] % width,
                peakAt[l] / width,
                peak,
                framePeaks.pValue(peak)));
      }
    }
    out.sort(Comparator.comparingDouble(DefectRegion::peak).reversed());
    return out;
  }

  /**
   * Returns the pixels of the regions {@link #find} keeps: above the threshold and in a region of
   * at least {@code minArea} pixels.
   *
   * @param anomaly the frame's anomaly map, row-major
   * @param width map columns
   * @param threshold the pixel threshold
   * @param minArea the smallest region kept, in pixels
   * @return the defect mask
   */
  public static DefectMask mask(float[] anomaly, int width, double threshold, int minArea) {
    int[] label = labels(anomaly, width, threshold);
    int[] area = new int[count(label) + 1];
    for (int l : label) {
      area[l]++;
    }
    boolean[] mask = new boolean[anomaly.length];
    for (int p = 0; p < mask.length; p++) {
      mask[p] = label[p] != 0 && area[label[p]] >= minArea;
    }
    return DefectMask.of(mask, width);
  }

  /** The 8-connected regions of the pixels above the threshold: 0 elsewhere, 1, 2, ... in them. */
  private static int[] labels(float[] anomaly, int width, double threshold) {
    boolean[] above = new boolean[anomaly.length];
    for (int p = 0; p < anomaly.length; p++) {
      above[p] = anomaly[p] > threshold;
    }
    return ConnectedRegions.label(above, width);
  }

  private static int count(int[] label) {
    int regions = 0;
    for (int l : label) {
      regions = Math.max(regions, l);
    }
    return regions;
  }
}
