package io.flowspect.service.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The test application with two more lines: {@code line-c}, scored by the conditional VAE bundle
 * ({@link TestBundles#cvae()}), whose images need a class, and {@code line-vibration}, scored by
 * the tiny sensor bundle ({@link TestBundles#signals()}), whose inputs are recordings. One profile
 * for both, so the suite starts one more application, not two.
 */
public final class ConditionalProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "flowspect.models.lines.line-c",
        "src/test/resources/bundles/fmnist-cvae-tiny",
        "flowspect.models.lines.line-vibration",
        "src/test/resources/bundles/signals-wavenet-tiny");
  }
}
