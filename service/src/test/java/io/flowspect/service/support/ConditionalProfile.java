package io.flowspect.service.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The test application with one more line, {@code line-c}, scored by the conditional VAE bundle
 * ({@link TestBundles#cvae()}), whose images need a class.
 */
public final class ConditionalProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("flowspect.models.lines.line-c", "src/test/resources/bundles/fmnist-cvae-tiny");
  }
}
