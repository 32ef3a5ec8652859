package io.flowspect.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.defect.Severity;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.signal.Fault;
import io.flowspect.core.signal.Recording;
import io.flowspect.core.signal.SignalFinding;
import io.flowspect.core.signal.SignalWindows;
import io.flowspect.core.signal.VibrationSimulator;
import io.flowspect.core.signal.WindowScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensor recordings judged by the committed sensor bundle ({@code models/signals-wavenet}, 1,024
 * sample windows at 12 kHz) through the one scoring use case: windowing, the recording's Bonferroni
 * decision, the hottest time span and the trace, and the refusals that name the limit.
 */
class SignalInspectionTest {

  private static final Path MODELS = Path.of("..").toAbsolutePath().normalize().resolve("models");
  private static final VibrationSimulator WINDOW = VibrationSimulator.standard();

  private static Detector detector;
  private static Inspector inspector;

  @BeforeAll
  static void open() {
    detector = Detector.open(Bundle.open(MODELS.resolve("signals-wavenet")), OnnxOptions.cpu());
    inspector = Inspector.of(detector);
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  /** Four windows back to back, each simulated alone; the fault, if any, in window {@code at}. */
  private static Recording recording(String id, long seed, Fault fault, int at) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[4 * 1024];
    for (int w = 0; w < 4; w++) {
      float[] part = WINDOW.simulate(random.split(), w == at ? fault : null, Severity.STRONG);
      System.arraycopy(part, 0, x, w * 1024, 1024);
    }
    return new Recording(id, new float[][] {x}, 12_000);
  }

  private static Inspection.Judged judged(Inspection in) {
    assertThat(in).isInstanceOf(Inspection.Judged.class);
    return (Inspection.Judged) in;
  }

  @Test
  void healthyRecordingsKeepTheFalsePositiveGuaranteeAndFaultyWindowsAreFoundInTime() {
    List<Subject> healthy = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      healthy.add(Subject.ofSignal(recording("healthy-" + i, 5000 + i, null, -1), null));
    }
    int flagged = 0;
    for (Inspection in : inspector.inspect(healthy).inspections()) {
      Inspection.Judged j = judged(in);
      Judgement g = j.judgement();
      assertThat(g.score()).isNotNull().isFinite();
      assertThat(g.threshold()).as("Bonferroni threshold over 4 windows").isNotNull();
      assertThat(g.anomaly()).isEqualTo(g.score() > g.threshold());
      assertThat(g.signal().windows()).hasSize(4);
      flagged += g.anomaly() ? 1 : 0;
    }
    // alpha 0.01: Bonferroni over the windows keeps a healthy recording's flag rate at most alpha.
    assertThat(flagged).as("healthy recordings of 4 windows flagged").isLessThanOrEqualTo(4);

    for (Fault fault : Fault.values()) {
      for (int at = 0; at < 4; at += 3) {
        Recording r = recording(fault.id() + "-at-" + at, 77 + at, fault, at);
        Inspection.Judged j = judged(inspector.inspect(Subject.ofSignal(r, null)));
        SignalFinding f = j.judgement().signal();
        assertThat(j.anomalous()).as("%s in window %d", fault.id(), at).isTrue();
        assertThat(f.hottest().startSample())
            .as("%s: hottest span starts in the faulty window", fault.id())
            .isBetween(at * 1024, at * 1024 + 1023);
        assertThat(f.hottest().endSample())
            .isBetween(f.hottest().startSample() + 1, at * 1024 + 1024);
        assertThat(f.hottest().startSeconds()).isEqualTo(f.hottest().startSample() / 12_000.0);
        WindowScore worst =
            f.windows().stream().max((a, b) -> Double.compare(a.value(), b.value())).orElseThrow();
        assertThat(worst.startSample()).isEqualTo(at * 1024);
        assertThat(j.judgement().score()).isEqualTo(worst.value());
      }
    }
  }

  @Test
  void recordingsOfAnyLengthAndChannelsAreWindowedWithoutPadding() {
    assertThat(SignalWindows.starts(4000, 1024)).containsExactly(0, 1024, 2048, 2976);
    assertThat(SignalWindows.starts(1024, 1024)).containsExactly(0);
    SplittableRandom random = new SplittableRandom(3);
    VibrationSimulator longer = new VibrationSimulator(12_000, 4000, 4.0);
    float[][] axes = new float[3][];
    for (int c = 0; c < 3; c++) {
      axes[c] = longer.simulate(random.split(), c == 1 ? Fault.OUTER_RACE : null, Severity.STRONG);
    }
    Inspection.Judged j =
        judged(inspector.inspect(Subject.ofSignal(new Recording("tri", axes, 12_000), null)));
    SignalFinding f = j.judgement().signal();
    assertThat(f.channels()).isEqualTo(3);
    assertThat(f.samples()).isEqualTo(4000);
    assertThat(f.windowSamples()).isEqualTo(1024);
    assertThat(f.windows()).hasSize(12);
    assertThat(f.hottest().channel()).as("the faulty axis").isEqualTo(1);
    assertThat(j.anomalous()).isTrue();
    assertThat(f.trace().step()).isEqualTo(8);
    assertThat(f.trace().evidence()).hasDimensions(3, 500);
    for (float[] row : f.trace().evidence()) {
      for (float v : row) {
        assertThat(v).isFinite();
      }
    }
    for (int p = 0; p < 500; p++) {
      assertThat(f.trace().low()[0][p]).isLessThanOrEqualTo(f.trace().high()[0][p]);
    }
  }

  @Test
  void recordingsTheModelCannotReadAreRefusedNamingTheLimit() {
    float[][] short1 = {new float[500]};
    float[][] ok = {WINDOW.simulate(new SplittableRandom(1), null, null)};
    List<Inspection> out =
        inspector
            .inspect(
                List.of(
                    Subject.ofSignal(new Recording("short", short1, 12_000), null),
                    Subject.ofSignal(new Recording("fast", ok, 48_000), null),
                    Subject.ofSignal(new Recording("fine", ok, 12_000), null)))
            .inspections();
    assertThat(out.get(0)).isInstanceOf(Inspection.Refused.class);
    assertThat(((Inspection.Refused) out.get(0)).message())
        .isEqualTo(
            "model signals-wavenet: 500 samples per channel, shorter than one window of 1024");
    assertThat(((Inspection.Refused) out.get(1)).message())
        .startsWith(
            "model signals-wavenet: sample rate 48000 Hz, the model was trained at 12000 Hz");
    assertThat(judged(out.get(2)).judgement().signal().windows()).hasSize(1);

    try (Detector images =
        Detector.open(Bundle.open(MODELS.resolve("fmnist-nade")), OnnxOptions.cpu())) {
      Inspection in =
          Inspector.of(images).inspect(Subject.ofSignal(new Recording("vib", ok, 12_000), null));
      assertThat(((Inspection.Refused) in).message())
          .startsWith("model fmnist-nade: it was not trained on sensor windows")
          .contains("not trained on sensor windows");
    }
  }

  @Test
  void anUncalibratedBundleGivesFiniteScoresAndNoNaNAnywhere(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("signals-wavenet");
    Files.createDirectories(copy);
    try (var files = Files.list(MODELS.resolve("signals-wavenet"))) {
      for (Path f : files.toList()) {
        if (!f.getFileName().toString().equals("calibration.json")) {
          Files.copy(f, copy.resolve(f.getFileName()));
        }
      }
    }
    // Without a calibration there is no map reference for local: a global default, as
    // `flowspect manifest --default-score complexity` writes it.
    Path manifest = copy.resolve("manifest.json");
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replace(
                "\"default_score\" : \"fisher:complexity+local\"",
                "\"default_score\" : \"complexity\""));
    try (Detector bare = Detector.open(Bundle.open(copy), OnnxOptions.cpu())) {
      Inspection.Judged j =
          judged(
              Inspector.of(bare)
                  .inspect(Subject.ofSignal(recording("bare", 9, Fault.OUTER_RACE, 1), null)));
      Judgement g = j.judgement();
      assertThat(g.score()).isNotNull().isFinite();
      assertThat(g.pValue()).isNull();
      assertThat(g.anomaly()).isNull();
      for (WindowScore w : g.signal().windows()) {
        assertThat(w.value()).isFinite();
        assertThat(w.pValue()).isNull();
      }
      String json = io.flowspect.core.bundle.Json.write(g);
      assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
    }
  }

  @Test
  void float32RecordsRoundTripAndBadBytesAreRefusedNamingTheInput() throws Exception {
    float[][] x = {{0.5f, -1f, 2f}, {1f, 0f, -0.25f}};
    Recording r = Recording.fromFloat32("r", Recording.float32(x), 2, 12_000);
    assertThat(r.channels()[0]).containsExactly(0.5f, -1f, 2f);
    assertThat(r.channels()[1]).containsExactly(1f, 0f, -0.25f);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Recording.fromFloat32("odd", new byte[10], 1, 12_000))
        .hasMessageContaining("odd: 10 bytes are not whole samples of 1 float32 channel(s)");
    byte[] nan = Recording.float32(new float[][] {{1f, Float.NaN}});
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Recording.fromFloat32("nan", nan, 1, 12_000))
        .hasMessageContaining("nan: sample 1 of channel 0 is NaN");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Recording.fromFloat32("many", new byte[68], 17, 12_000))
        .hasMessageContaining("1 to 16 channels, got 17");
  }
}
