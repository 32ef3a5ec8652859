package io.flowspect.core.inspect;

import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.detect.Verdict;
import io.flowspect.core.explain.Explanation;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.local.LocalFinding;
import io.flowspect.core.score.NonFinite;
import io.flowspect.core.signal.Recording;
import io.flowspect.core.signal.SignalCoding;
import io.flowspect.core.signal.SignalFinding;
import io.flowspect.core.signal.SignalSpan;
import io.flowspect.core.signal.SignalTrace;
import io.flowspect.core.signal.SignalWindows;
import io.flowspect.core.signal.WindowScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges sensor recordings as the model was trained: each channel is cut into windows of the
 * model's input width ({@link SignalWindows}) and coded as its training windows were ({@link
 * SignalCoding}), every window is judged in the same batch as the images beside it, and the
 * windows' verdicts are folded back into one verdict per recording.
 *
 * <p>The recording's decision keeps the false-positive guarantee: with k windows, its p-value is
 * Bonferroni's {@code min(1, k p_min)} over the windows' p-values (with the calibration's
 * exponential tail beyond the largest normal window, so that many windows do not push the bar
 * beyond what the calibration can say), and it is anomalous when that is at most alpha: a normal
 * recording is flagged with probability at most alpha whatever its length and however its windows
 * depend on each other. The threshold reported is the window score at which that happens. The
 * hottest window's local finding places the hottest time span.
 *
 * <p>Refusals name the model and the limit, not the recording: like every refusal of the {@link
 * Inspector}, the channel that read the recording prefixes its own name for it.
 */
final class SignalInspection {

  private SignalInspection() {}

  /** Where one recording's windows sit in the expanded batch. */
  private record Expanded(int first, int[] starts, int channels) {}

  static InspectedBatch inspect(Inspector inspector, List<Subject> subjects) {
    List<Subject> flat = new ArrayList<>();
    Inspection[] out = new Inspection[subjects.size()];
    Expanded[] expanded = new Expanded[subjects.size()];
    int[] imageRow = new int[subjects.size()];
    for (int i = 0; i < subjects.size(); i++) {
      Subject s = subjects.get(i);
      if (s.signal() == null) {
        imageRow[i] = flat.size();
        flat.add(s);
        continue;
      }
      try {
        SignalCoding coding = coding(inspector, s.signal());
        int width = inspector.detector().scorer().input().width();
        int[] starts = SignalWindows.starts(s.signal().samples(), width);
        expanded[i] = new Expanded(flat.size(), starts, s.signal().channels().length);
        for (float[] channel : s.signal().channels()) {
          for (int start : starts) {
            flat.add(Subject.ofChw(coding.code(channel, start, width), s.condition()));
          }
        }
      } catch (IllegalArgumentException e) {
        out[i] =
            new Inspection.Refused(
                Refusal.NOT_CONVERTIBLE, "model " + modelId(inspector) + ": " + e.getMessage());
      }
    }
    InspectedBatch inner = inspector.inspectImages(flat);
    for (int i = 0; i < subjects.size(); i++) {
      if (out[i] != null) {
        continue;
      }
      if (expanded[i] == null) {
        out[i] = inner.inspections().get(imageRow[i]);
      } else {
        out[i] = fold(inspector, subjects.get(i).signal(), expanded[i], inner.inspections());
      }
    }
    return new InspectedBatch(List.of(out), inner.calls());
  }

  /** The coding of the detector's bundle, checked against the recording. */
  private static SignalCoding coding(Inspector inspector, Recording r) {
    Optional<SignalCoding> coding =
        SignalCoding.of(inspector.detector().scorer().bundle().manifest());
    InputSpec input = inspector.detector().scorer().input();
    if (coding.isEmpty() || input.height() != 1 || input.channels() != 1) {
      throw new IllegalArgumentException(
          "it was not trained on sensor windows (its manifest has no training.signal section and"
              + " its input is "
              + input.channels()
              + " x "
              + input.height()
              + " x "
              + input.width()
              + "); send this recording to a line whose model was");
    }
    double rate = coding.get().sampleRateHz();
    if (Math.abs(r.sampleRateHz() - rate) > 1e-6 * rate) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "sample rate %s Hz, the model was trained at %s Hz (resample the recording or train"
                  + " a model at its rate)",
              plain(r.sampleRateHz()),
              plain(rate)));
    }
    return coding.get();
  }

  /** Folds a recording's window inspections into its own. */
  private static Inspection fold(
      Inspector inspector, Recording r, Expanded e, List<Inspection> windows) {
    int perChannel = e.starts().length;
    int k = perChannel * e.channels();
    Inspection.Judged hottest = null;
    int hottestIndex = -1;
    boolean nonFinite = false;
    long prepare = 0;
    List<WindowScore> scores = new ArrayList<>(k);
    for (int w = 0; w < k; w++) {
      Inspection in = windows.get(e.first() + w);
      if (in instanceof Inspection.Refused refused) {
        return new Inspection.Refused(
            refused.refusal(),
            "window at sample "
                + e.starts()[w % perChannel]
                + " of channel "
                + w / perChannel
                + ": "
                + refused.message());
      }
      Inspection.Judged j = (Inspection.Judged) in;
      Verdict v = j.verdict();
      nonFinite |= NonFinite.REASON.equals(v.reason());
      prepare += j.prepareNanos();
      scores.add(WindowScore.of(w / perChannel, e.starts()[w % perChannel], v.value(), v.pValue()));
      if (hottest == null || v.value() > hottest.verdict().value()) {
        hottest = j;
        hottestIndex = w;
      }
    }
    Verdict hot = hottest.verdict();
    Optional<Calibration> calibration = inspector.detector().calibration();
    double p = Double.NaN;
    double threshold = Double.NaN;
    Boolean anomaly = null;
    if (calibration.isPresent()) {
      ConformalReference reference = calibration.get().decisionReference();
      double alpha = calibration.get().alpha();
      p = Math.min(1, k * reference.tailPValue(hot.value()));
      threshold = bonferroniThreshold(reference, alpha, k);
      anomaly = nonFinite || p <= alpha;
    }
    Verdict verdict =
        new Verdict(
            hot.score(),
            hot.value(),
            p,
            anomaly,
            hot.scores(),
            hot.pValues(),
            null,
            nonFinite ? NonFinite.REASON : null);
    int channel = hottestIndex / perChannel;
    int start = e.starts()[hottestIndex % perChannel];
    SignalSpan span = span(r, channel, start, hottest);
    SignalTrace trace = trace(r, e, windows);
    SignalFinding finding =
        new SignalFinding(
            r.sampleRateHz(),
            e.channels(),
            r.samples(),
            inspector.detector().scorer().input().width(),
            scores,
            span,
            trace);
    return new Inspection.Judged(
        verdict,
        Judgement.of(verdict, threshold).withSignal(finding),
        Explanation.NONE,
        hottest.batchSize(),
        prepare,
        hottest.inferenceNanos(),
        List.of(),
        null);
  }

  /**
   * The window score above which a recording of k windows is flagged: where k times the tail
   * p-value falls to alpha, by bisection (the tail p-value falls as the score rises); +infinity
   * when the calibration cannot say that little (a tail p-value that never falls below 1 / (n + 1),
   * with k / (n + 1) above alpha).
   */
  static double bonferroniThreshold(ConformalReference reference, double alpha, int k) {
    double lo = reference.sorted()[0];
    if (k * reference.tailPValue(lo) <= alpha) {
      return lo;
    }
    double max = reference.sorted()[reference.sorted().length - 1];
    double span = Math.max(1e-9, Math.abs(max - lo));
    double hi = max;
    int grow = 0;
    while (k * reference.tailPValue(hi) > alpha) {
      hi = max + span * Math.pow(2, grow);
      if (++grow > 60) {
        return Double.POSITIVE_INFINITY;
      }
    }
    for (int i = 0; i < 100; i++) {
      double mid = 0.5 * (lo + hi);
      if (k * reference.tailPValue(mid) <= alpha) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /** The hottest window's hottest stretch, from its local finding when it has one. */
  private static SignalSpan span(Recording r, int channel, int start, Inspection.Judged window) {
    int width = window.map() != null ? window.map().length : 0;
    LocalFinding where = window.verdict().location();
    int from = start;
    int to = start + Math.max(width, 1);
    String evidence = "whole_window";
    if (where != null && where.box() != null) {
      from = start + where.box().x0();
      to = start + where.box().x1();
      evidence = where.evidence();
    } else if (width == 0) {
      to = start;
    }
    double rate = r.sampleRateHz();
    return new SignalSpan(channel, from, to, from / rate, to / rate, evidence);
  }

  /** The per-sample evidence of every channel from its windows' maps; null without maps. */
  private static SignalTrace trace(Recording r, Expanded e, List<Inspection> windows) {
    int perChannel = e.starts().length;
    float[][] evidence = new float[e.channels()][r.samples()];
    for (int w = 0; w < perChannel * e.channels(); w++) {
      float[] map = ((Inspection.Judged) windows.get(e.first() + w)).map();
      if (map == null) {
        return null;
      }
      System.arraycopy(map, 0, evidence[w / perChannel], e.starts()[w % perChannel], map.length);
    }
    return SignalTrace.of(r, evidence);
  }

  private static String modelId(Inspector inspector) {
    return inspector.detector().scorer().bundle().manifest().id();
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
