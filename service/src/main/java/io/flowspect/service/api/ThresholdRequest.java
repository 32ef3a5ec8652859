package io.flowspect.service.api;

/**
 * The body of {@code PUT /api/v1/models/{id}/threshold}: exactly one of {@code alpha} and {@code
 * threshold}.
 *
 * @param alpha a new target false-positive rate; the threshold is recomputed from the calibration's
 *     conformal decision reference
 * @param threshold a threshold on the decision score; the alpha it implies is recorded
 * @param persist true to write the change to the bundle's calibration.json (it then survives a
 *     reload and a restart); by default the change lives in memory until the next reload or restart
 */
public record ThresholdRequest(Double alpha, Double threshold, Boolean persist) {}
