package io.flowspect.service.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The test application with {@code POST /api/v1/score} limited to a burst of 2 at 0.2/s. */
public final class RateLimitedProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("flowspect.api.score-rate", "0.2", "flowspect.api.score-burst", "2");
  }
}
