package io.flowspect.trainer.bench;

/**
 * What one workload did at one batch size.
 *
 * @param workload {@link Workload#id()}
 * @param label {@link Workload#label()}
 * @param engine {@link Workload#engine()}
 * @param batch images per call
 * @param calls timed calls
 * @param images images processed in timed calls
 * @param seconds time spent inside timed calls
 * @param imagesPerSecond images / seconds
 * @param latencyP50Ms median time of one call, milliseconds
 * @param latencyP99Ms 99th percentile (nearest rank) of one call, milliseconds
 * @param latencyMeanMs mean time of one call, milliseconds
 * @param cpuSeconds CPU time of the calling thread inside timed calls; null where the JVM cannot
 *     measure it
 * @param imagesPerCpuSecond images / cpuSeconds: with one intra-op thread both engines do all their
 *     work on the calling thread, so this discounts time lost to other processes on shared cores
 *     (with more threads it leaves out the pool threads' work and is not comparable)
 */
public record Measurement(
    String workload,
    String label,
    String engine,
    int batch,
    long calls,
    long images,
    double seconds,
    double imagesPerSecond,
    double latencyP50Ms,
    double latencyP99Ms,
    double latencyMeanMs,
    Double cpuSeconds,
    Double imagesPerCpuSecond) {}
