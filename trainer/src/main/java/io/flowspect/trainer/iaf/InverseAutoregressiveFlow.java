package io.flowspect.trainer.iaf;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.autoregressive.Made;
import io.flowspect.trainer.autoregressive.MaskedAutoregressiveFlow;
import io.flowspect.trainer.export.BundleWeights;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.DensityOutputs;
import io.flowspect.trainer.model.DistilledNetwork;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.InvertibleFlow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An inverse autoregressive flow (Kingma et al. 2016) distilled from a MAF teacher (Parallel
 * WaveNet's probability density distillation, van den Oord et al. 2018).
 *
 * <p>The student maps standard-normal noise z to the teacher's logit space in one parallel pass per
 * layer, l' = l exp(s(l)) + m(l), with s and m from a MADE over l (alternating orders), so sampling
 * costs {@code mades} MADE passes where the teacher's sampling costs D per MADE; then x = 256
 * (sigmoid(l) - a) / (1 - 2a), the inverse of the teacher's logit transform. Its log-density at its
 * own samples is as cheap: log N(z) - sum of s plus the logit Jacobian. Its density at an arbitrary
 * image would take D passes, so the bundle scores with the teacher: {@code logDensity} is the
 * teacher's, exact, and {@code generate.onnx} is the student's.
 *
 * <p>Parameters: the teacher's under their own names (loaded from the teacher bundle and frozen),
 * the student's under {@code student.}.
 */
public final class InverseAutoregressiveFlow implements InvertibleFlow, DistilledNetwork {

  /** The family, declared here as the family packages do. */
  public static final Family FAMILY = new Family("iaf", Family.Kind.AUTOREGRESSIVE, false);

  /** Bound of each student layer's soft-clamped log scale. */
  static final float LOG_SCALE_BOUND = 5f;

  /**
   * Bound of the student's logits: the teacher's training data lie within logit(1e-6) = -13.8 and
   * logit(255.99 / 256) = 10.8, and sigmoid(14) is still below 1 in float32.
   */
  static final float LOGIT_BOUND = 14f;

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  private static final float ALPHA = MaskedAutoregressiveFlow.ALPHA;

  private final IafConfig config;
  private final MaskedAutoregressiveFlow teacher;

  public InverseAutoregressiveFlow(IafConfig config) {
    this.config = config;
    this.teacher = new MaskedAutoregressiveFlow(config.teacher());
  }

  IafConfig config() {
    return config;
  }

  @Override
  public Family family() {
    return FAMILY;
  }

  @Override
  public InputSpec input() {
    return config.teacher().input();
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("mades", config.mades());
    hp.put("hidden", config.hidden());
    hp.put("hidden_layers", config.hiddenLayers());
    hp.put(IafConfig.TEACHER, config.teacherPath());
    hp.put(IafConfig.TEACHER_MADES, config.teacher().mades());
    hp.put(IafConfig.TEACHER_HIDDEN, config.teacher().hidden());
    hp.put(IafConfig.TEACHER_HIDDEN_LAYERS, config.teacher().hiddenLayers());
    hp.put("density", "the teacher's (MAF), exact; sampling: the student's, one pass per layer");
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>(teacher.parameters());
    for (int k = 0; k < config.mades(); k++) {
      Made.parameters(specs, student(k), dims(), config.hidden(), config.hiddenLayers());
    }
    return specs;
  }

  private static String student(int k) {
    return "student.made" + k;
  }

  @Override
  public Set<String> teacherParameters() {
    Set<String> names = new LinkedHashSet<>();
    teacher.parameters().forEach(p -> names.add(p.name()));
    return names;
  }

  @Override
  public void loadTeacher(ParamStore params, List<ImageRecord> train) {
    if (config.teacherPath() == null || config.teacherPath().isBlank()) {
      throw new IllegalArgumentException(
          "--family iaf is distilled from a teacher: give --teacher BUNDLE, a maf bundle");
    }
    Path path = Path.of(config.teacherPath());
    try (BundleWeights.Loaded loaded = BundleWeights.load(Bundle.open(path))) {
      if (!loaded.model().family().equals(teacher.family())
          || !loaded.model().input().equals(input())) {
        throw new IllegalArgumentException(
            "--teacher "
                + path
                + " is a "
                + loaded.model().family().id()
                + " of "
                + loaded.model().input()
                + "; the student was built for a "
                + teacher.family().id()
                + " of "
                + input());
      }
      for (String name : teacherParameters()) {
        params.set(name, loaded.params().values(name));
      }
    }
    startAtMarginals(params, train);
  }

  /** Images whose marginals start the student. */
  private static final int MARGINAL_IMAGES = 5000;

  /**
   * Sets the last student layer's output bias so that, with the other layers the identity they
   * start as, l = z sigma + mu: mu and sigma the mean and standard deviation of each value's logit
   * over (up to) {@value #MARGINAL_IMAGES} dequantised training images.
   */
  private void startAtMarginals(ParamStore params, List<ImageRecord> train) {
    int d = dims();
    int n = Math.min(MARGINAL_IMAGES, train.size());
    if (n < 2) {
      return;
    }
    double[] sum = new double[d];
    double[] squares = new double[d];
    java.util.SplittableRandom random = new java.util.SplittableRandom(17);
    for (int i = 0; i < n; i++) {
      byte[] chw = train.get(i).chw();
      for (int j = 0; j < d; j++) {
        double y = ((chw[j] & 0xFF) + random.nextDouble()) / 256;
        double p = ALPHA + (1 - 2 * ALPHA) * y;
        double l = Math.log(p / (1 - p));
        sum[j] += l;
        squares[j] += l * l;
      }
    }
    float[] bias = new float[2 * d];
    double limit = 0.99 * LOG_SCALE_BOUND;
    for (int j = 0; j < d; j++) {
      double mean = sum[j] / n;
      double sd = Math.sqrt(Math.max(1e-12, squares[j] / n - mean * mean));
      double logScale = Math.max(-limit, Math.min(limit, Math.log(sd)));
      bias[j] = (float) mean;
      // the layer bounds its log scale as B tanh(raw / B): invert that for the raw bias
      double t = logScale / LOG_SCALE_BOUND;
      bias[d + j] = (float) (LOG_SCALE_BOUND * 0.5 * Math.log((1 + t) / (1 - t)));
    }
    params.set(student(config.mades() - 1) + ".out.bias", bias);
  }

  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    return teacher.logDensity(ops, x, noise);
  }

  @Override
  public <T> Sample<T> generate(Ops<T> ops, T latent, T noise) {
    int d = dims();
    T l = latent;
    T logDet = null;
    for (int k = 0; k < config.mades(); k++) {
      Made.Output<T> made =
          Made.apply(ops, student(k), l, d, config.hidden(), config.hiddenLayers(), k % 2 == 1);
      T logScale =
          ops.mul(
              ops.tanh(ops.div(made.logScale(), ops.scalar(LOG_SCALE_BOUND))),
              ops.scalar(LOG_SCALE_BOUND));
      l = ops.add(ops.mul(l, ops.exp(logScale)), made.shift());
      T layer = ops.sum(logScale, 1);
      logDet = logDet == null ? layer : ops.add(logDet, layer);
    }
    // kept inside the teacher's logit range, |l| < B, so that sigmoid(l) is never 0 or 1 in
    // float32: l = B tanh(r / B), log-det log(1 - tanh^2(u)) = log 4 - softplus(2u) - softplus(-2u)
    T u = ops.div(l, ops.scalar(LOGIT_BOUND));
    T twice = ops.mul(u, ops.scalar(2f));
    T squash =
        ops.sub(
            ops.scalar((float) Math.log(4)),
            ops.add(softplus(ops, twice), softplus(ops, ops.neg(twice))));
    logDet = ops.add(logDet, ops.sum(squash, 1));
    l = ops.mul(ops.tanh(u), ops.scalar(LOGIT_BOUND));
    // back through the teacher's logit transform: p = sigmoid(l), x = 256 (p - a) / (1 - 2a) - u
    T p = ops.sigmoid(l);
    T x =
        ops.sub(
            ops.mul(ops.sub(p, ops.scalar(ALPHA)), ops.scalar(256f / (1f - 2f * ALPHA))), noise);
    // log|dl/dx| per value: the logit's derivative and the 1/256 scaling, as the teacher counts it
    T logitJacobian =
        ops.sub(
            ops.scalar((float) (d * (Math.log(1 - 2 * ALPHA) - Math.log(256)))),
            ops.sum(ops.add(ops.log(p), ops.log(ops.sub(ops.scalar(1f), p))), 1));
    T logNormal =
        ops.sub(
            ops.mul(ops.sum(ops.mul(latent, latent), 1), ops.scalar(-0.5f)),
            ops.scalar((float) (d * HALF_LOG_TWO_PI)));
    T logQ = ops.add(ops.sub(logNormal, logDet), logitJacobian);
    return new Sample<>(x, logQ);
  }

  /** log(1 + exp(v)) without overflow: relu(v) + log(1 + exp(-|v|)). */
  private static <T> T softplus(Ops<T> ops, T v) {
    T positive = ops.relu(v);
    T magnitude = ops.add(positive, ops.relu(ops.neg(v)));
    return ops.add(positive, ops.log(ops.add(ops.scalar(1f), ops.exp(ops.neg(magnitude)))));
  }

  @Override
  public <T> T distillationGap(Ops<T> ops, T noise) {
    Sample<T> s = generate(ops, noise, ops.scalar(0f));
    return ops.sub(s.logPx(), teacher.logDensity(ops, s.x(), ops.scalar(0f)).logPx());
  }
}
