package io.flowspect.trainer.iaf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.flowspect.core.score.Bits;
import io.flowspect.trainer.autoregressive.Made;
import io.flowspect.trainer.autoregressive.MafConfig;
import io.flowspect.trainer.autoregressive.MaskedAutoregressiveFlow;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import java.util.SplittableRandom;

/**
 * What distillation bought, measured side by side in one process and one engine (DJL): the
 * student's samples per second against the teacher's at the same batch, and the teacher's bits/dim
 * of each one's samples (rounded to 8-bit images and scored at the bin centre, as the scorer does).
 *
 * <p>The teacher samples by inverting its MADEs in turn, last first: each inversion is D passes,
 * pass t settling the t-th value of the MADE's order as u exp(log scale(l)) + shift(l), which reads
 * only the values settled before it.
 */
public final class DistillationCheck {

  private static final float ALPHA = MaskedAutoregressiveFlow.ALPHA;

  /**
   * Largest |value| a teacher sample keeps between its MADEs: the training data's logits lie within
   * 14, so this only stops a runaway draw from overflowing the passes after it.
   */
  private static final float LIMIT = 50f;

  private DistillationCheck() {}

  /**
   * The figures.
   *
   * @param samples samples drawn by each
   * @param batch samples per pass
   * @param studentPerSecond the student's samples per second
   * @param teacherPerSecond the teacher's samples per second
   * @param student the teacher's bits/dim of the student's samples
   * @param teacher the teacher's bits/dim of its own samples
   */
  public record Result(
      int samples,
      int batch,
      double studentPerSecond,
      double teacherPerSecond,
      Judged student,
      Judged teacher) {

    /** How many times faster the student samples. */
    public double speedup() {
      return studentPerSecond / teacherPerSecond;
    }
  }

  /**
   * Draws {@code n} samples from each, in batches, from the same seeded noise.
   *
   * @param student the student, with its teacher
   * @param params both's parameters
   */
  public static Result run(
      InverseAutoregressiveFlow student, ParamStore params, int n, int batch, long seed) {
    int d = student.dims();
    float[] z = new float[n * d];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) io.flowspect.core.score.ImportanceSampling.standardNormal(random);
    }
    float[] studentX = new float[n * d];
    float[] teacherX = new float[n * d];
    long studentNanos = 0;
    long teacherNanos = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      DjlOps ops = DjlOps.forEvaluation(params, manager);
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        float[] rows = java.util.Arrays.copyOfRange(z, from * d, to * d);
        long t0 = System.nanoTime();
        try (NDScope scope = new NDScope()) {
          NDArray noise = manager.create(rows, new Shape(to - from, d));
          float[] x = student.generate(ops, noise, ops.scalar(0f)).x().toFloatArray();
          System.arraycopy(x, 0, studentX, from * d, x.length);
        }
        long t1 = System.nanoTime();
        float[] x = teacherSample(ops, student.config().teacher(), rows, to - from);
        System.arraycopy(x, 0, teacherX, from * d, x.length);
        long t2 = System.nanoTime();
        studentNanos += t1 - t0;
        teacherNanos += t2 - t1;
      }
      return new Result(
          n,
          batch,
          n / (studentNanos / 1e9),
          n / (teacherNanos / 1e9),
          teacherBitsPerDim(ops, student, studentX, n, batch),
          teacherBitsPerDim(ops, student, teacherX, n, batch));
    }
  }

  /** The teacher's samples from standard-normal rows: its MADEs inverted last first. */
  static float[] teacherSample(DjlOps ops, MafConfig maf, float[] z, int rows) {
    int d = maf.input().dims();
    NDManager manager = ops.manager();
    float[] u = z.clone();
    for (int k = maf.mades() - 1; k >= 0; k--) {
      float[] l = new float[u.length];
      boolean reversed = k % 2 == 1;
      for (int pass = 0; pass < d; pass++) {
        int settled = reversed ? d - 1 - pass : pass;
        try (NDScope scope = new NDScope()) {
          Made.Output<NDArray> made =
              Made.apply(
                  ops,
                  "made" + k,
                  manager.create(l, new Shape(rows, d)),
                  d,
                  maf.hidden(),
                  maf.hiddenLayers(),
                  reversed);
          NDArray next =
              manager.create(u, new Shape(rows, d)).mul(made.logScale().exp()).add(made.shift());
          // only the value this pass settles changes: the others stay finite (an unsettled
          // value's garbage could overflow, and inf times a masked-out zero weight is NaN), and a
          // settled one is kept within +-LIMIT for the same reason
          float[] candidate = next.toFloatArray();
          for (int r = 0; r < rows; r++) {
            float v = candidate[r * d + settled];
            l[r * d + settled] = Float.isNaN(v) ? 0f : Math.max(-LIMIT, Math.min(LIMIT, v));
          }
        }
      }
      u = l;
    }
    float[] x = new float[u.length];
    for (int i = 0; i < u.length; i++) {
      double p = 1 / (1 + Math.exp(-u[i]));
      x[i] = (float) (256 * (p - ALPHA) / (1 - 2 * ALPHA));
    }
    return x;
  }

  /**
   * The teacher's bits/dim of a set of samples.
   *
   * @param meanBpd mean over the samples whose log p is finite (NaN when none is: see {@link
   *     #anyFinite})
   * @param medianBpd median over the same
   * @param nonFinite samples whose log p under the teacher is not finite (a MAF's unbounded scales
   *     overflow on some saturated images; the scorer flags those as {@code non_finite})
   */
  public record Judged(double meanBpd, double medianBpd, int nonFinite) {

    /** Whether any sample had a finite log p, so that the mean and median are numbers. */
    public boolean anyFinite() {
      return !Double.isNaN(meanBpd);
    }
  }

  /** The teacher's bits/dim of images rounded to 0..255, at the bin centre. */
  private static Judged teacherBitsPerDim(
      DjlOps ops, InverseAutoregressiveFlow student, float[] x, int n, int batch) {
    int d = student.dims();
    float[] rounded = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      rounded[i] = Math.max(0, Math.min(255, (float) Math.floor(x[i])));
    }
    double[] finite = new double[n];
    int count = 0;
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      try (NDScope scope = new NDScope()) {
        NDArray images =
            ops.manager()
                .create(
                    java.util.Arrays.copyOfRange(rounded, from * d, to * d),
                    new Shape(to - from, d));
        for (float lp : student.logDensity(ops, images, ops.scalar(0.5f)).logPx().toFloatArray()) {
          if (Float.isFinite(lp)) {
            finite[count++] = Bits.bitsPerDim(lp, d);
          }
        }
      }
    }
    double[] sorted = java.util.Arrays.copyOf(finite, count);
    java.util.Arrays.sort(sorted);
    double mean = java.util.Arrays.stream(sorted).average().orElse(Double.NaN);
    double median = count == 0 ? Double.NaN : sorted[count / 2];
    return new Judged(mean, median, n - count);
  }
}
