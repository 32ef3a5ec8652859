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
 * <p>Call {@link #step} after the backward pass, outside the gradient collector and inside the
 * step's {@link ai.djl.ndarray.NDScope}. Not thread-safe.
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
              firstMoment.put(name, manager.zeros(array.getShape()));
              secondMoment.put(name, manager.zeros(array.getShape()));
            });
  }

  public long steps() {
    return steps;
  }

  /**
   * One update.
   *
   * @param learningRate this step's rate
   * @param maxGradNorm clip the global gradient norm to this (0: no clipping)
   * @return the gradient norm before clipping
   */
  public double step(float learningRate, float maxGradNorm) {
    Map<String, NDArray> grads = new LinkedHashMap<>();
    NDArray squared = null;
    for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
      NDArray g = e.getValue().getGradient();
      grads.put(e.getKey(), g);
      NDArray s = g.square().sum();
      squared = squared == null ? s : squared.add(s);
    }
    // One read back to the JVM per step, not one per parameter.
    double norm = Math.sqrt(squared.getFloat());
    if (!Double.isFinite(norm)) {
      return norm;
    }
    float clip = maxGradNorm > 0 && norm > maxGradNorm ? (float) (maxGradNorm / norm) : 1f;
    steps++;
    double correction1 = 1 - Math.pow(BETA1, steps);
    double correction2 = 1 - Math.pow(BETA2, steps);
    float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
    for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
      NDArray g = grads.get(e.getKey());
      if (clip != 1f) {
        g = g.mul(clip);
      }
      NDArray m = firstMoment.get(e.getKey());
      NDArray v = secondMoment.get(e.getKey());
      m.muli(BETA1).addi(g.mul(1 - BETA1));
      v.muli(BETA2).addi(g.square().mul(1 - BETA2));
      e.getValue().subi(m.div(v.sqrt().add(EPSILON)).mul(stepSize));
    }
    return norm;
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
