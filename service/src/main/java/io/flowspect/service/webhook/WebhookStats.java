package io.flowspect.service.webhook;

/**
 * Counters of one endpoint since its dispatcher started.
 *
 * @param delivered alerts answered with a 2xx and committed
 * @param failedAttempts requests that failed (each retry counts)
 * @param deadLettered alerts given up and written to the alert dead-letter topic, then committed
 * @param breakerOpens times the endpoint's circuit breaker opened
 * @param restarts Kafka sessions that failed and were restarted from the committed offsets
 */
public record WebhookStats(
    long delivered, long failedAttempts, long deadLettered, long breakerOpens, long restarts) {}
