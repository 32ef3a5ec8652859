package io.flowspect.trainer.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable parameters of one model, as DJL arrays that collect gradients.
 *
 * <p>Arrays live on the store's own manager, outside any per-step {@link ai.djl.ndarray.NDScope},
 * so that they survive from step to step while everything a step computes is freed with it. Not
 * thread-safe: one training loop owns it.
 */
public final class ParamStore implements AutoCloseable {

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
      store.put(spec, values);
    }
    return store;
  }

  private void put(ParamSpec spec, float[] values) {
    NDArray array = manager.create(values, new Shape(spec.shape()));
    array.setName(spec.name());
    array.setRequiresGradient(true);
    NDArray previous = arrays.put(spec.name(), array);
    if (previous != null) {
      previous.close();
    }
    specs.put(spec.name(), spec);
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
