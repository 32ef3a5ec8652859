package io.flowspect.trainer.bench;

import io.flowspect.core.bundle.BundleContract;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the purification workload, registered through {@code META-INF/services} as a real
 * one would be: it applies to bundles with a conditionals graph only and yields no log p.
 */
public final class PurifyStubWorkloads implements WorkloadFactory {

  /** Images the stub was given, across all tests. */
  public static final AtomicLong IMAGES = new AtomicLong();

  @Override
  public List<Workload> open(BenchTarget target) {
    if (!target.bundle().manifest().graphs().containsKey(BundleContract.Role.CONDITIONALS)) {
      return List.of();
    }
    return List.of(
        new Workload() {
          @Override
          public String id() {
            return "purify-stub";
          }

          @Override
          public String label() {
            return "purify (stub)";
          }

          @Override
          public String engine() {
            return "none";
          }

          @Override
          public double[] run(Batch batch) {
            IMAGES.addAndGet(batch.size());
            return null;
          }

          @Override
          public void close() {}
        });
  }
}
