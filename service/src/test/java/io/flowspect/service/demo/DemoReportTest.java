package io.flowspect.service.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's periodic log line: every kind of image it streams, its alerts among them. */
class DemoReportTest {

  @Test
  void summarisesEveryKindTheDemoStreams() {
    Map<DemoKind, int[]> counts = new EnumMap<>(DemoKind.class);
    counts.put(DemoKind.DIGIT, new int[] {6, 6});
    counts.put(DemoKind.DEFECT, new int[] {6, 1});
    counts.put(DemoKind.NORMAL, new int[] {136, 2});
    counts.put(DemoKind.FRAME, new int[] {15, 7});
    counts.put(DemoKind.SENSOR, new int[] {15, 2});
    String line = DemoReport.summary(Duration.ofSeconds(15), counts, new double[] {102, 62, 40}, 1);
    assertThat(line)
        .isEqualTo(
            "demo, last 15 s: 178 images scored (11.9/s, end to end p50 62 ms, max 102 ms);"
                + " alerts: 6 of 6 digits, 1 of 6 defective images, 2 of 136 normal images,"
                + " 7 of 15 frames, 2 of 15 sensor recordings; 1 dead letter");
  }
}
