package io.flowspect.trainer.iaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.autoregressive.Made;
import io.flowspect.trainer.autoregressive.MafConfig;
import io.flowspect.trainer.autoregressive.MaskedAutoregressiveFlow;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The student's density of its own samples is the change of variables of its transform, and the
 * teacher's sequential sampling inverts the teacher exactly.
 */
class IafTest {

  private static final InputSpec IN = new InputSpec(1, 2, 2, ResizeMode.RESIZE);

  private static InverseAutoregressiveFlow tiny() {
    return new InverseAutoregressiveFlow(new IafConfig(2, 8, 1, new MafConfig(IN, 2, 8, 1), ""));
  }

  /** log q(x) from generate against log N(z) - log|det dx/dz| by central differences. */
  @Test
  void studentDensityOfItsSamplesIsTheChangeOfVariables() {
    InverseAutoregressiveFlow student = tiny();
    int d = student.dims();
    float[] z = {0.3f, -0.7f, 1.1f, 0.2f};
    try (ParamStore params = TinyModels.trainedLike(student, TinyModels.images(4, d, 2), 4);
        NDManager manager = NDManager.newBaseManager();
        NDScope scope = new NDScope()) {
      DjlOps ops = new DjlOps(params, manager);
      double logQ = student.generate(ops, row(manager, z), ops.scalar(0f)).logPx().getFloat(0);
      double h = 1e-3;
      double[][] jacobian = new double[d][d];
      for (int j = 0; j < d; j++) {
        float[] plus = z.clone();
        float[] minus = z.clone();
        plus[j] += (float) h;
        minus[j] -= (float) h;
        float[] xp = student.generate(ops, row(manager, plus), ops.scalar(0f)).x().toFloatArray();
        float[] xm = student.generate(ops, row(manager, minus), ops.scalar(0f)).x().toFloatArray();
        for (int i = 0; i < d; i++) {
          jacobian[i][j] = (xp[i] - xm[i]) / (2 * h);
        }
      }
      double logNormal = 0;
      for (float v : z) {
        logNormal += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
      }
      assertThat(logQ).isCloseTo(logNormal - Math.log(Math.abs(det(jacobian))), within(2e-2));
    }
  }

  /** The teacher's samples, pushed back through its MADEs, give the noise they came from. */
  @Test
  void teacherSamplingInvertsTheTeacher() {
    InverseAutoregressiveFlow student = tiny();
    MafConfig maf = student.config().teacher();
    int d = student.dims();
    int rows = 3;
    float[] z = new float[rows * d];
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) (random.nextDouble() * 2 - 1);
    }
    try (ParamStore params = TinyModels.trainedLike(student, TinyModels.images(4, d, 2), 4);
        NDManager manager = NDManager.newBaseManager();
        NDScope scope = new NDScope()) {
      DjlOps ops = new DjlOps(params, manager);
      float[] x = DistillationCheck.teacherSample(ops, maf, z, rows);
      float a = MaskedAutoregressiveFlow.ALPHA;
      float[] l = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        double p = x[i] / 256.0 * (1 - 2 * a) + a;
        l[i] = (float) Math.log(p / (1 - p));
      }
      NDArray u = manager.create(l, new Shape(rows, d));
      for (int k = 0; k < maf.mades(); k++) {
        Made.Output<NDArray> made =
            Made.apply(ops, "made" + k, u, d, maf.hidden(), maf.hiddenLayers(), k % 2 == 1);
        u = u.sub(made.shift()).mul(made.logScale().neg().exp());
      }
      float[] back = u.toFloatArray();
      for (int i = 0; i < z.length; i++) {
        assertThat(back[i]).as("noise %d", i).isCloseTo(z[i], within(1e-3f));
      }
    }
  }

  private static NDArray row(NDManager manager, float[] z) {
    return manager.create(z, new Shape(1, z.length));
  }

  private static double det(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = m[i].clone();
    }
    double det = 1;
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
          p = r;
        }
      }
      if (p != c) {
        double[] t = a[p];
        a[p] = a[c];
        a[c] = t;
        det = -det;
      }
      det *= a[c][c];
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k < n; k++) {
          a[r][k] -= f * a[c][k];
        }
      }
    }
    return det;
  }
}
