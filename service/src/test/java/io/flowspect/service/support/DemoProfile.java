package io.flowspect.service.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The demo producer on (tests turn it off), faster and with more anomalies than by default: the
 * application as {@code ./flowspect serve} runs it, with alerts within seconds, and a frames line
 * judged by the tiny frames bundle. Tests that share this profile share one application.
 */
public final class DemoProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "flowspect.demo.enabled", "true",
        "flowspect.demo.rate", "40",
        "flowspect.demo.digit-share", "0.3",
        "flowspect.demo.corrupt-share", "0.05",
        "flowspect.demo.report-interval", "2s",
        // A frames line: 64 x 64 grid frames judged whole by the tiny frames bundle.
        "flowspect.models.lines.line-frames", "src/test/resources/bundles/frames-grid-tiny",
        "flowspect.demo.frames-surface", "grid",
        "flowspect.demo.frames-every", "5");
  }
}
