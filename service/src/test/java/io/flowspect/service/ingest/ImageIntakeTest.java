package io.flowspect.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.image.ImageLimits;
import io.flowspect.service.support.TestImages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ImageIntakeTest {

  private final ImageIntake intake =
      new ImageIntake(new ImageLimits(TestImages.TEST_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS));

  private static byte[] gradientPng() {
    byte[] pixels = new byte[28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) ((i * 7 + (i / 28) * 13) & 0xFF);
    }
    return TestImages.grayPng(pixels, 28, 28);
  }

  private static ConsumerRecord<byte[], byte[]> record(
      String key, byte[] value, Map<String, String> headers, long offset) {
    RecordHeaders h = new RecordHeaders();
    headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
    return new ConsumerRecord<>(
        "flowspect.images",
        3,
        offset,
        1_700_000_000_000L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value,
        h,
        Optional.empty());
  }

  @Test
  void shouldDecodePngAndReadTheContractHeaders() {
    Intake in =
        intake.read(
            record(
                "press-3",
                gradientPng(),
                Map.of(
                    ImageHeaders.IMAGE_ID, "cam1-000017",
                    ImageHeaders.CONTENT_TYPE, "image/png",
                    ImageHeaders.CAPTURED_AT, "2025-11-21T14:20:00.250+01:00"),
                41));

    assertThat(in).isInstanceOf(Intake.Accepted.class);
    Intake.Accepted ok = (Intake.Accepted) in;
    assertThat(ok.image().width()).isEqualTo(28);
    assertThat(ok.image().channels()).isEqualTo(1);
    assertThat(ok.meta().imageId()).isEqualTo("cam1-000017");
    assertThat(ok.meta().line()).isEqualTo("press-3");
    assertThat(ok.meta().capturedAt()).isEqualTo(Instant.parse("2025-11-21T13:20:00.250Z"));
    assertThat(ok.meta().origin()).isEqualTo(ok.meta().capturedAt());
    assertThat(ok.meta().source()).isEqualTo(new SourceRef("flowspect.images", 3, 41));
  }

  @Test
  void shouldNameAnImageWithoutIdByItsPlaceInTheLogAndTimeItFromTheRecord() {
    Intake in = intake.read(record(null, gradientPng(), Map.of(), 99));

    assertThat(in.meta().imageId()).isEqualTo("flowspect.images-3-99");
    assertThat(in.meta().line()).isNull();
    assertThat(in.meta().capturedAt()).isNull();
    assertThat(in.meta().origin()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
  }

  @Test
  void shouldAcceptEpochMillisAsCapturedAt() {
    assertThat(ImageIntake.parseInstant("1763731200000"))
        .isEqualTo(Instant.ofEpochMilli(1_763_731_200_000L));
    assertThat(ImageIntake.parseInstant("2025-11-21T13:20:00Z"))
        .isEqualTo(Instant.parse("2025-11-21T13:20:00Z"));
  }

  @Test
  void shouldReadRawPixelsDescribedByHeaders() {
    byte[] rgb = new byte[4 * 2 * 3];
    rgb[3] = (byte) 200;
    Intake in =
        intake.read(
            record(
                "l",
                rgb,
                Map.of(
                    ImageHeaders.CONTENT_TYPE, "application/x-raw",
                    ImageHeaders.WIDTH, "4",
                    ImageHeaders.HEIGHT, "2",
                    ImageHeaders.CHANNELS, "3"),
                0));

    assertThat(in).isInstanceOf(Intake.Accepted.class);
    var image = ((Intake.Accepted) in).image();
    assertThat(image.width()).isEqualTo(4);
    assertThat(image.height()).isEqualTo(2);
    assertThat(image.sample(1, 0, 0)).isEqualTo(200);
  }

  @Test
  void shouldRefuseEveryCorruptInputWithItsReasonAndNeverThrow() {
    for (TestImages.Input bad : TestImages.corrupt(gradientPng())) {
      Intake in = intake.read(record("l", bad.value(), bad.headers(), 0));

      assertThat(in).as(bad.id()).isInstanceOf(Intake.Refused.class);
      Intake.Refused refused = (Intake.Refused) in;
      assertThat(bad.expected()).as(bad.id() + ": " + refused.message()).contains(refused.reason());
      assertThat(refused.message()).isNotBlank();
    }
  }

  @Test
  void shouldRefuseAnOversizeHeaderNamingItAndTheLimitUnderTheRecordsPlaceInTheLog() {
    Intake longId =
        intake.read(record("l", gradientPng(), Map.of(ImageHeaders.IMAGE_ID, "x".repeat(257)), 7));
    assertThat(longId).isInstanceOf(Intake.Refused.class);
    Intake.Refused refused = (Intake.Refused) longId;
    assertThat(refused.reason()).isEqualTo(DlqReason.BAD_HEADER);
    assertThat(refused.message())
        .isEqualTo("flowspect.images-3-7: image-id is 257 bytes long, at most 256");
    assertThat(refused.meta().imageId()).isEqualTo("flowspect.images-3-7");

    Intake longType =
        intake.read(
            record(
                "l",
                gradientPng(),
                Map.of(ImageHeaders.IMAGE_ID, "cam-1", ImageHeaders.CONTENT_TYPE, "i".repeat(1025)),
                8));
    assertThat(((Intake.Refused) longType).message())
        .isEqualTo("flowspect.images-3-8: content-type is 1025 bytes long, at most 1024");

    Intake atTheLimit =
        intake.read(record("l", gradientPng(), Map.of(ImageHeaders.IMAGE_ID, "y".repeat(256)), 9));
    assertThat(atTheLimit).isInstanceOf(Intake.Accepted.class);
  }
}
