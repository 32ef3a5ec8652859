package io.flowspect.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.flowspect.trainer.graph.ParamStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) with global-norm gradient clipping, written on DJL arrays so that its
 * moments can be checkpointed and restored exactly.
 *
 * <p>Call {@link #zeroGradients} before the backward pass, {@link #gradientNorm} and {@link #step}
 * after it, outside the gradient collector and inside the step's {@link ai.djl.ndarray.NDScope}.
 * Not thread-safe.
 */
public final class Adam {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final ParamStore params;
  private final Map<String, NDArray> firstMoment = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoment = new LinkedHashMap<>();
  private long steps;

  public Adam(ParamStore params) {
    this.params = params;
    NDManager manager = params.manager();
    params
        .arrays()
        .forEach(
            (name, array) -> {
              if (array.hasGradient()) {
                firstMoment.put(name, manager.zeros(array.getShape()));
                secondMoment.put(name, manager.zeros(array.getShape()));
              }
            });
  }

  public long steps() {
    return steps;
  }

  /** Clears the gradients before a backward pass (libtorch accumulates into them). */
  public void zeroGradients() {
    params.zeroGradients();
  }

  /**
   * The global L2 norm of the current gradients: one read back to the JVM per step, not one per
   * parameter. Not finite when any gradient holds a NaN or an infinity.
   */
  public double gradientNorm() {
    NDArray squared = null;
    for (String name : firstMoment.keySet()) {
      NDArray s = params.get(name).getGradient().square().sum();
      squared = squared == null ? s : squared.add(s);
    }
    return squared == null ? 0 : Math.sqrt(squared.getFloat());
  }

  /**
   * One update from the current gradients, whose norm the caller has just read with {@link
   * #gradientNorm}. Does nothing when the norm is not finite: one bad batch must not poison the
   * moments.
   *
   * @param learningRate this step's rate
   * @param maxGradNorm clip the global gradient norm to this (0: no clipping)
   * @param norm the gradients' global norm before clipping
   * @return true if the parameters were updated
   */
  public boolean step(float learningRate, float maxGradNorm, double norm) {
    if (!Double.isFinite(norm)) {
      return false;
    }
    float clip = maxGradNorm > 0 && norm > maxGradNorm ? (float) (maxGradNorm / norm) : 1f;
    steps++;
    double correction1 = 1 - Math.pow(BETA1, steps);
    double correction2 = 1 - Math.pow(BETA2, steps);
    float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
    for (String name : firstMoment.keySet()) {
      NDArray p = params.get(name);
      NDArray g = p.getGradient();
      if (clip != 1f) {
        g = g.mul(clip);
      }
      NDArray m = firstMoment.get(name);
      NDArray v = secondMoment.get(name);
      m.muli(BETA1).addi(g.mul(1 - BETA1));
      v.muli(BETA2).addi(g.square().mul(1 - BETA2));
      p.subi(m.div(v.sqrt().add(EPSILON)).mul(stepSize));
    }
    return true;
  }

  void save(DataOutputStream out) throws IOException {
    out.writeLong(steps);
    out.writeInt(firstMoment.size());
    for (String name : firstMoment.keySet()) {
      out.writeUTF(name);
      writeFloats(out, firstMoment.get(name).toFloatArray());
      writeFloats(out, secondMoment.get(name).toFloatArray());
    }
  }

  void load(DataInputStream in) throws IOException {
    steps = in.readLong();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      float[] m = readFloats(in);
      float[] v = readFloats(in);
      if (firstMoment.containsKey(name)) {
        firstMoment.get(name).set(m);
        secondMoment.get(name).set(v);
      }
    }
  }

  static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    for (float f : values) {
      out.writeFloat(f);
    }
  }

  static float[] readFloats(DataInputStream in) throws IOException {
    float[] values = new float[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readFloat();
    }
    return values;
  }
}
