package io.flowspect.service.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.RasterImage;
import io.flowspect.service.ingest.DlqReason;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.ingest.Intake;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The demo's image sequence: the mix it promises, readable inputs, ids that say what they are. */
class DemoStreamTest {

  private static final DemoSamples SAMPLES = DemoSamples.bundled();

  private static List<DemoImage> take(DemoMix mix, int n) {
    DemoStream stream = new DemoStream(SAMPLES, mix, "test");
    List<DemoImage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(stream.next());
    }
    return out;
  }

  private static Intake read(DemoImage image, long offset) {
    RecordHeaders h = new RecordHeaders();
    image.headers().forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
    return new ImageIntake(ImageLimits.defaults())
        .read(
            new ConsumerRecord<>(
                "flowspect.images",
                0,
                offset,
                System.currentTimeMillis(),
                TimestampType.CREATE_TIME,
                -1,
                -1,
                image.line().getBytes(StandardCharsets.UTF_8),
                image.value(),
                h,
                Optional.empty()));
  }

  @Test
  void shouldBundleFashionMnistAndDigitsWithLabels() {
    assertThat(SAMPLES.fashion().count()).isEqualTo(500);
    assertThat(SAMPLES.digits().count()).isEqualTo(250);
    assertThat(SAMPLES.fashion().rows()).isEqualTo(28);
    assertThat(Arrays.stream(SAMPLES.fashionLabels()))
        .allSatisfy(l -> assertThat(l).isBetween(0, 9));
    // Every 40th digit of a set ordered by digit: 21 to 28 of each.
    int[] perDigit = new int[10];
    for (int d : SAMPLES.digitLabels()) {
      perDigit[d]++;
    }
    assertThat(Arrays.stream(perDigit)).allSatisfy(n -> assertThat(n).isBetween(20, 30));
  }

  @Test
  void shouldMixKindsInTheConfiguredShares() {
    List<DemoImage> images =
        take(new DemoMix(List.of("line-1", "line-2", "line-3"), 0.2, 0.15, 0.05, 0.3, 7), 2000);

    Map<DemoKind, Integer> counts = new EnumMap<>(DemoKind.class);
    images.forEach(i -> counts.merge(i.kind(), 1, Integer::sum));
    // Binomial standard deviations are below 0.9% of 2000 for these shares: 4 of them either way.
    assertThat(counts.get(DemoKind.DIGIT) / 2000.0).isBetween(0.165, 0.235);
    assertThat(counts.get(DemoKind.DEFECT) / 2000.0).isBetween(0.12, 0.18);
    assertThat(counts.get(DemoKind.CORRUPT) / 2000.0).isBetween(0.03, 0.07);
    long raw =
        images.stream()
            .filter(
                i ->
                    ImageHeaders.RAW_CONTENT_TYPE.equals(
                        i.headers().get(ImageHeaders.CONTENT_TYPE)))
            .count();
    assertThat(raw / (2000.0 - counts.get(DemoKind.CORRUPT))).isBetween(0.26, 0.34);
  }

  @Test
  void shouldNameEachImageByWhatItIsAndUseLinesInTurn() {
    List<DemoImage> images = take(DemoMix.defaults(), 300);

    Set<String> ids = new HashSet<>();
    for (int i = 0; i < images.size(); i++) {
      DemoImage image = images.get(i);
      assertThat(ids.add(image.id())).isTrue();
      assertThat(image.headers()).containsEntry(ImageHeaders.IMAGE_ID, image.id());
      assertThat(image.id()).startsWith(String.format("demo-test-%06d-", i));
      assertThat(DemoKind.ofImageId(image.id())).isEqualTo(image.kind());
      assertThat(image.line()).isEqualTo("line-" + (i % 3 + 1));
    }
    assertThat(images)
        .filteredOn(i -> i.kind() == DemoKind.NORMAL)
        .extracting(DemoImage::id)
        .anySatisfy(id -> assertThat(id).matches("demo-test-\\d{6}-normal-[a-z-]+"));
    assertThat(DemoKind.ofImageId("cam1-000042")).isNull();
    assertThat(DemoKind.ofImageId("demo-test-000001-defect-noise-patch"))
        .isEqualTo(DemoKind.DEFECT);
  }

  @Test
  void shouldStreamSensorRecordingsThatTheReferenceSensorModelJudges() throws Exception {
    java.nio.file.Path bundle =
        java.nio.file.Path.of("..", "models", "signals-wavenet").toAbsolutePath().normalize();
    try (io.flowspect.core.detect.Detector detector =
        io.flowspect.core.detect.Detector.open(
            io.flowspect.core.bundle.Bundle.open(bundle),
            io.flowspect.core.onnx.OnnxOptions.cpu())) {
      io.flowspect.core.signal.SignalCoding coding =
          io.flowspect.core.signal.SignalCoding.of(detector.scorer().bundle().manifest())
              .orElseThrow();
      DemoSensor sensor = DemoSensor.of("line-vibration", coding, 4096, 5, 0.5);
      DemoStream stream =
          new DemoStream(
              SAMPLES, new DemoMix(List.of("line-1"), 0, 0, 0, 0, 9), "test", null, sensor);
      List<io.flowspect.core.inspect.Subject> subjects = new ArrayList<>();
      List<DemoImage> recordings = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        DemoImage image = stream.next();
        assertThat(image.kind() == DemoKind.SENSOR).as("record %d", i).isEqualTo(i % 5 == 2);
        if (image.kind() != DemoKind.SENSOR) {
          continue;
        }
        assertThat(image.line()).isEqualTo("line-vibration");
        assertThat(image.id())
            .matches("demo-test-\\d{6}-sensor-(healthy|[a-z-]+-(moderate|strong))");
        Intake in = read(image, i);
        assertThat(in).as(image.id()).isInstanceOf(Intake.Accepted.class);
        io.flowspect.core.signal.Recording r = ((Intake.Accepted) in).signal();
        assertThat(r.samples()).isEqualTo(4096);
        assertThat(r.sampleRateHz()).isEqualTo(12_000);
        subjects.add(((Intake.Accepted) in).subject());
        recordings.add(image);
      }
      List<io.flowspect.core.inspect.Inspection> judged =
          io.flowspect.core.inspect.Inspector.of(detector).inspect(subjects).inspections();
      int healthy = 0;
      int healthyFlagged = 0;
      int strong = 0;
      int strongFlagged = 0;
      for (int k = 0; k < judged.size(); k++) {
        boolean flagged = ((io.flowspect.core.inspect.Inspection.Judged) judged.get(k)).anomalous();
        String id = recordings.get(k).id();
        if (id.endsWith("-healthy")) {
          healthy++;
          healthyFlagged += flagged ? 1 : 0;
        } else if (id.endsWith("-strong")) {
          strong++;
          strongFlagged += flagged ? 1 : 0;
        }
      }
      assertThat(healthy).isGreaterThan(20);
      assertThat(strong).isGreaterThan(10);
      assertThat(healthyFlagged).as("healthy demo recordings flagged").isLessThanOrEqualTo(2);
      assertThat(strongFlagged).as("strong faults flagged").isEqualTo(strong);
    }
  }

  @Test
  void shouldStreamTheSameImagesForTheSameSeed() {
    DemoMix mix = new DemoMix(List.of("a"), 0.2, 0.2, 0.1, 0.3, 42);
    List<DemoImage> first = take(mix, 200);
    List<DemoImage> again = take(mix, 200);
    List<DemoImage> other = take(new DemoMix(List.of("a"), 0.2, 0.2, 0.1, 0.3, 43), 200);

    for (int i = 0; i < first.size(); i++) {
      assertThat(again.get(i).id()).isEqualTo(first.get(i).id());
      assertThat(again.get(i).value()).isEqualTo(first.get(i).value());
    }
    assertThat(other.stream().map(DemoImage::id).toList())
        .isNotEqualTo(first.stream().map(DemoImage::id).toList());
  }

  @Test
  void shouldDecodeEveryImageAndDeadLetterEveryCorruptOne() {
    List<DemoImage> images = take(new DemoMix(List.of("line-1"), 0.2, 0.3, 0.1, 0.4, 3), 400);
    Set<String> fashion = new HashSet<>();
    for (int i = 0; i < SAMPLES.fashion().count(); i++) {
      fashion.add(new String(SAMPLES.fashionPixels(i), StandardCharsets.ISO_8859_1));
    }

    for (int i = 0; i < images.size(); i++) {
      DemoImage image = images.get(i);
      Intake in = read(image, i);
      if (image.kind() == DemoKind.CORRUPT) {
        assertThat(in).isInstanceOf(Intake.Refused.class);
        assertThat(((Intake.Refused) in).reason()).isIn(DlqReason.TRUNCATED, DlqReason.CORRUPT);
        continue;
      }
      assertThat(in).as(image.id()).isInstanceOf(Intake.Accepted.class);
      RasterImage decoded = ((Intake.Accepted) in).image();
      assertThat(decoded.width()).isEqualTo(28);
      assertThat(decoded.height()).isEqualTo(28);
      assertThat(decoded.channels()).isEqualTo(1);
      byte[] pixels = new byte[28 * 28];
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          pixels[y * 28 + x] = (byte) decoded.sample(x, y, 0);
        }
      }
      boolean isSample = fashion.contains(new String(pixels, StandardCharsets.ISO_8859_1));
      // Normal images are the samples themselves; defects change at least one pixel.
      assertThat(isSample).as(image.id()).isEqualTo(image.kind() == DemoKind.NORMAL);
    }
  }

  @Test
  void shouldRefuseAMixThatDoesNotAddUp() {
    assertThatThrownBy(() -> new DemoMix(List.of("a"), 0.6, 0.5, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1");
    assertThatThrownBy(() -> new DemoMix(List.of(), 0.1, 0.1, 0, 0, 1))
        .hasMessageContaining("flowspect.demo.lines");
    assertThatThrownBy(() -> new DemoMix(List.of("a"), -0.1, 0.1, 0, 0, 1))
        .hasMessageContaining("flowspect.demo.digit-share");
    assertThat(DemoService.shouldRun(true, true)).isTrue();
    assertThat(DemoService.shouldRun(false, true)).isFalse();
    assertThat(DemoService.shouldRun(true, false)).isFalse();
  }
}
