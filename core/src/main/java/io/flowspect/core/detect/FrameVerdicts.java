package io.flowspect.core.detect;

import io.flowspect.core.local.DefectRegion;
import io.flowspect.core.local.LocalFinding;
import java.util.LinkedHashMap;
import java.util.Map;

/** States a {@link FrameVerdict} as a {@link Verdict}, the decision every output carries. */
public final class FrameVerdicts {

  /** The decision score's name for whole frames. */
  public static final String SCORE = "frame";

  /** What found a frame's strongest region. */
  public static final String REGION = "region";

  private FrameVerdicts() {}

  /**
   * Converts a frame verdict.
   *
   * @param f the frame verdict
   * @return score {@value #SCORE}, its p-value and decision, each part of its evidence with its
   *     p-value beside it, and the strongest region as the location
   */
  public static Verdict verdict(FrameVerdict f) {
    LocalFinding location = null;
    if (!f.regions().isEmpty()) {
      DefectRegion r = f.regions().get(0);
      location = new LocalFinding(r.peak(), r.box(), r.peakX(), r.peakY(), REGION);
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put(SCORE, f.score());
    scores.putAll(f.parts());
    Map<String, Double> pValues = new LinkedHashMap<>();
    pValues.put(SCORE, f.pValue());
    pValues.putAll(f.partPValues());
    return new Verdict(
        SCORE, f.score(), f.pValue(), f.anomaly(), scores, pValues, location, f.reason());
  }
}
