package io.flowspect.service.pipeline;

/**
 * Counters of a pipeline since it started; committed work only.
 *
 * @param batches committed batches
 * @param scored score records committed
 * @param alerts alert records committed
 * @param deadLetters dead-letter records committed
 * @param restarts sessions restarted after an error (clients recreated, uncommitted work redone)
 */
public record PipelineStats(
    long batches, long scored, long alerts, long deadLetters, long restarts) {}
