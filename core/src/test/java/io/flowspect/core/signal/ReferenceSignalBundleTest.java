package io.flowspect.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.defect.Severity;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.Verdicts;
import io.flowspect.core.onnx.OnnxOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed sensor bundle, {@code models/signals-wavenet}, on windows simulated afresh (a seed
 * neither its training nor its calibration used): its shipped decision keeps healthy windows near
 * its 1 % target and flags strong faults of every kind.
 */
class ReferenceSignalBundleTest {

  private static final Path BUNDLE =
      Path.of("..").toAbsolutePath().normalize().resolve("models/signals-wavenet");

  @Test
  void healthyWindowsPassAndStrongFaultsOfEveryKindAreFlagged() {
    VibrationSimulator sim = VibrationSimulator.standard();
    try (Detector detector = Detector.open(Bundle.open(BUNDLE), OnnxOptions.cpu())) {
      double healthy = flagged(detector, sim.windows(400, null, null, 1234));
      assertThat(healthy).as("healthy windows flagged at alpha 0.01").isLessThanOrEqualTo(0.03);
      for (Fault fault : Fault.values()) {
        double caught = flagged(detector, sim.windows(100, fault, Severity.STRONG, 99));
        assertThat(caught).as("strong %s windows flagged", fault.id()).isGreaterThanOrEqualTo(0.95);
      }
    }
  }

  private static double flagged(Detector detector, IdxImages windows) {
    List<byte[]> rows = new ArrayList<>();
    int w = windows.rows() * windows.cols();
    for (int i = 0; i < windows.count(); i++) {
      byte[] row = new byte[w];
      System.arraycopy(windows.pixels(), i * w, row, 0, w);
      rows.add(row);
    }
    Verdicts verdicts = detector.judge(rows);
    int anomalous = 0;
    for (int i = 0; i < rows.size(); i++) {
      assertThat(verdicts.verdict(i).value()).isFinite();
      if (verdicts.verdict(i).anomaly()) {
        anomalous++;
      }
    }
    return anomalous / (double) rows.size();
  }
}
