package io.flowspect.trainer.bench;

import java.util.List;

/**
 * Opens the workloads to time for one bundle.
 *
 * <p>This is the benchmark's extension point: besides {@link StandardWorkloads}, every factory
 * registered in {@code META-INF/services/io.flowspect.trainer.bench.WorkloadFactory} is asked for
 * each bundle, and its workloads get their own column in the report. Purification throughput plugs
 * in here: a factory that, for bundles whose manifest has a {@code conditionals} graph, returns a
 * workload running the purifier over each batch (its {@link Workload#run} returns null, since it
 * yields images rather than log-likelihoods). The benchmark itself stays unaware of it.
 */
public interface WorkloadFactory {

  /**
   * The workloads this factory measures for a bundle, none when it does not apply.
   *
   * @param target the bundle and the run's settings
   * @return open workloads; the benchmark closes them
   */
  List<Workload> open(BenchTarget target);
}
