package io.flowspect.trainer.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The trainable parameters of one model, as DJL arrays that collect gradients.
 *
 * <p>Arrays live on the store's own manager, outside any per-step {@link ai.djl.ndarray.NDScope},
 * so that they survive from step to step while everything a step computes is freed with it. Not
 * thread-safe: one training loop owns it.
 */
public final class ParamStore implements AutoCloseable {

  private static final NDIndex ALL = new NDIndex("...");

  private final NDManager manager;
  private final Map<String, NDArray> arrays = new LinkedHashMap<>();
  private final Map<String, ParamSpec> specs = new LinkedHashMap<>();

  private ParamStore(NDManager manager) {
    this.manager = manager;
  }

  /** Creates every parameter with its initial values drawn from {@code seed}. */
  public static ParamStore initialise(List<ParamSpec> specs, long seed) {
    ParamStore store = new ParamStore(NDManager.newBaseManager());
    SplittableRandom random = new SplittableRandom(seed);
    for (ParamSpec spec : specs) {
      if (store.specs.containsKey(spec.name())) {
        throw new IllegalArgumentException("duplicate parameter name " + spec.name());
      }
      float[] values = spec.init().values(spec.shape(), random.split());
      store.put(spec, values, true);
    }
    return store;
  }

  /**
   * Sets every gradient to zero. Why not DJL's {@code GradientCollector.zeroGradients}: it
   * subtracts each gradient from itself, which leaves a NaN a NaN, so one non-finite backward pass
   * made every later step non-finite too; it also walks every array of the engine, not only these.
   */
  public void zeroGradients() {
    for (NDArray array : arrays.values()) {
      if (array.hasGradient()) {
        array.getGradient().set(ALL, 0f);
      }
    }
  }

  /**
   * Creates every parameter with given values and no gradient slot: for inference only (a model
   * rebuilt from a bundle for benchmarking), where recording an autograd graph would cost time and
   * memory that evaluation does not pay for.
   *
   * @param specs the model's parameters
   * @param values a parameter's values by name, {@link ParamSpec#size()} of them
   * @throws IllegalArgumentException if a name repeats or a parameter's values are missing or the
   *     wrong length
   */
  public static ParamStore frozen(List<ParamSpec> specs, Function<String, float[]> values) {
    ParamStore store = new ParamStore(NDManager.newBaseManager());
    try {
      for (ParamSpec spec : specs) {
        if (store.specs.containsKey(spec.name())) {
          throw new IllegalArgumentException("duplicate parameter name " + spec.name());
        }
        float[] v = values.apply(spec.name());
        if (v == null || v.length != spec.size()) {
          throw new IllegalArgumentException(
              "parameter "
                  + spec.name()
                  + " needs "
                  + spec.size()
                  + " values, got "
                  + (v == null ? "none" : Integer.toString(v.length)));
        }
        store.put(spec, v, false);
      }
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private void put(ParamSpec spec, float[] values, boolean trainable) {
    NDArray array = manager.create(values, new Shape(spec.shape()));
    array.setName(spec.name());
    if (trainable) {
      array.setRequiresGradient(true);
    }
    NDArray previous = arrays.put(spec.name(), array);
    if (previous != null) {
      previous.close();
    }
    specs.put(spec.name(), spec);
  }

  /**
   * Takes parameters out of training: no gradient slot, so the optimiser leaves them as they are (a
   * distilled student's teacher).
   *
   * @param names the parameters to freeze
   */
  public void freeze(java.util.Collection<String> names) {
    for (String name : names) {
      get(name).setRequiresGradient(false);
    }
  }

  public NDManager manager() {
    return manager;
  }

  public NDArray get(String name) {
    NDArray array = arrays.get(name);
    if (array == null) {
      throw new IllegalArgumentException("unknown parameter " + name);
    }
    return array;
  }

  public float[] values(String name) {
    return get(name).toFloatArray();
  }

  /** Overwrites a parameter's values in place (shape unchanged), keeping its gradient slot. */
  public void set(String name, float[] values) {
    NDArray array = get(name);
    if (values.length != array.size()) {
      throw new IllegalArgumentException(
          "parameter " + name + " holds " + array.size() + " values, got " + values.length);
    }
    array.set(values);
  }

  public Map<String, NDArray> arrays() {
    return Collections.unmodifiableMap(arrays);
  }

  public Map<String, ParamSpec> specs() {
    return Collections.unmodifiableMap(specs);
  }

  public long parameterCount() {
    return specs.values().stream().mapToLong(ParamSpec::size).sum();
  }

  @Override
  public void close() {
    manager.close();
  }
}
