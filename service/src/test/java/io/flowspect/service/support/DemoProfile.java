package io.flowspect.service.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The demo producer on (tests turn it off), faster and with more anomalies than by default: the
 * application as {@code ./flowspect serve} runs it, with alerts within seconds, a frames line
 * judged by the tiny frames bundle and a sensor line judged by the tiny sensor bundle. Tests that
 * share this profile share one application.
 */
public final class DemoProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("flowspect.demo.enabled", "true"),
        Map.entry("flowspect.demo.rate", "40"),
        Map.entry("flowspect.demo.digit-share", "0.3"),
        Map.entry("flowspect.demo.corrupt-share", "0.05"),
        Map.entry("flowspect.demo.report-interval", "2s"),
        // A frames line: 64 x 64 grid frames judged whole by the tiny frames bundle.
        Map.entry(
            "flowspect.models.lines.line-frames", "src/test/resources/bundles/frames-grid-tiny"),
        Map.entry("flowspect.demo.frames-surface", "grid"),
        Map.entry("flowspect.demo.frames-every", "5"),
        // A sensor line: recordings of 4 windows of the tiny sensor bundle, half from a faulty
        // machine.
        Map.entry(
            "flowspect.models.lines.line-vibration",
            "src/test/resources/bundles/signals-wavenet-tiny"),
        Map.entry("flowspect.demo.sensor-samples", "1024"),
        Map.entry("flowspect.demo.sensor-every", "7"),
        Map.entry("flowspect.demo.sensor-fault-share", "0.5"));
  }
}
