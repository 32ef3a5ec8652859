package io.flowspect.core.eval;

import io.flowspect.core.image.Box;
import io.flowspect.core.local.EvidenceMaps;
import io.flowspect.core.local.LocalFinding;
import io.flowspect.core.local.MapReference;
import io.flowspect.core.score.NonFinite;

/**
 * How well the local evidence says where synthetic defects are.
 *
 * <p>The truth is what the defect changed: a map cannot point at a pixel whose value stayed the
 * same (a smear over flat material, a hole's edge on dark background), so such touched pixels are
 * left out of the pixel classifier, neither defect nor clean, and a box must overlap a changed
 * pixel to count as a hit.
 *
 * @param pixelAuroc AUROC of the standardised evidence map as a pixel classifier, changed pixels
 *     against untouched ones, every pixel of every defective image pooled
 * @param detected defective images the decision flagged
 * @param boxHits flagged images whose reported box overlaps a pixel their defect changed
 * @param images defective images evaluated
 * @param meanBoxArea mean share of the image that the flagged images' boxes cover, NaN when nothing
 *     was flagged: a box hit means little when the box is the whole object
 */
public record LocalisationMetrics(
    double pixelAuroc, int detected, int boxHits, int images, double meanBoxArea) {

  /**
   * Returns the share of flagged images whose box overlaps the defect.
   *
   * @return boxHits / detected, or NaN when nothing was flagged
   */
  public double boxHitRate() {
    return detected == 0 ? Double.NaN : (double) boxHits / detected;
  }

  /**
   * Measures localisation on one set of defective images.
   *
   * @param reference map statistics from normal calibration images
   * @param maps the defective images' evidence maps
   * @param changed the pixels each defect changed, one mask per image, {@code height * width} each
   * @param touched the pixels each defect touched, changed or not; a superset of {@code changed}
   * @param findings the reported hottest regions, one per image
   * @param flagged whether the decision flagged each image
   * @return the metrics
   */
  public static LocalisationMetrics of(
      MapReference reference,
      EvidenceMaps maps,
      boolean[][] changed,
      boolean[][] touched,
      LocalFinding[] findings,
      boolean[] flagged) {
    int n = maps.size();
    if (changed.length != n || touched.length != n || findings.length != n || flagged.length != n) {
      throw new IllegalArgumentException(
          "maps, changed and touched masks, findings and flags must match: "
              + n
              + ", "
              + changed.length
              + ", "
              + touched.length
              + ", "
              + findings.length
              + ", "
              + flagged.length);
    }
    int d = maps.height() * maps.width();
    int inside = 0;
    int outside = 0;
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < d; p++) {
        inside += changed[i][p] ? 1 : 0;
        outside += touched[i][p] ? 0 : 1;
      }
    }
    double[] defect = new double[inside];
    double[] clean = new double[outside];
    int a = 0;
    int b = 0;
    int detected = 0;
    int hits = 0;
    double area = 0;
    for (int i = 0; i < n; i++) {
      float[] z = reference.standardise(maps.values()[i]);
      for (int p = 0; p < d; p++) {
        if (changed[i][p]) {
          defect[a++] = NonFinite.evidence(z[p]);
        } else if (!touched[i][p]) {
          clean[b++] = NonFinite.evidence(z[p]);
        }
      }
      if (flagged[i]) {
        detected++;
        Box box = findings[i].box();
        hits += box.overlaps(changed[i], maps.width()) ? 1 : 0;
        area += (double) (box.x1() - box.x0()) * (box.y1() - box.y0()) / d;
      }
    }
    double auroc =
        defect.length == 0 || clean.length == 0
            ? Double.NaN
            : RankedScores.of(clean, defect).auroc();
    return new LocalisationMetrics(
        auroc, detected, hits, n, detected == 0 ? Double.NaN : area / detected);
  }
}
