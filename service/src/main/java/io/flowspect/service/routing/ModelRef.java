package io.flowspect.service.routing;

/**
 * A model as named in output records.
 *
 * @param id the manifest id, e.g. {@code fmnist-glow}
 * @param version the manifest version
 * @param family the model family, e.g. {@code glow}
 */
public record ModelRef(String id, String version, String family) {}
