package io.flowspect.core.local;

import java.util.ArrayDeque;

/**
 * Connected regions of a binary mask, 8-connected, as in the MVTec AD evaluation code: the regions
 * of a defect mask that AUPRO averages over, and the regions of an anomaly map that outputs report.
 */
public final class ConnectedRegions {

  private ConnectedRegions() {}

  /**
   * Labels the regions of a mask.
   *
   * @param mask row-major pixels
   * @param width columns
   * @return per pixel, 0 outside the mask, else its region's number from 1
   */
  public static int[] label(boolean[] mask, int width) {
    int height = mask.length / width;
    int[] labels = new int[mask.length];
    int next = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < mask.length; start++) {
      if (!mask[start] || labels[start] != 0) {
        continue;
      }
      next++;
      labels[start] = next;
      queue.add(start);
      while (!queue.isEmpty()) {
        int p = queue.poll();
        int x = p % width;
        int y = p / width;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int nx = x + dx;
            int ny = y + dy;
            if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
              continue;
            }
            int q = ny * width + nx;
            if (mask[q] && labels[q] == 0) {
              labels[q] = next;
              queue.add(q);
            }
          }
        }
      }
    }
    return labels;
  }
}
