package io.flowspect.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataFingerprintTest {

  @Test
  void hashesTheConcatenatedBytesInOrder() {
    ImageRecord a = new ImageRecord("a", new byte[] {1, 2});
    ImageRecord b = new ImageRecord("b", new byte[] {3});

    // sha256 of the bytes 01 02 03
    assertThat(DataFingerprint.of(List.of(a, b)))
        .isEqualTo("sha256:039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
    assertThat(DataFingerprint.of(List.of()))
        .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void isOrderSensitiveButIgnoresIds() {
    ImageRecord a = new ImageRecord("a", new byte[] {10, 20});
    ImageRecord b = new ImageRecord("b", new byte[] {30, 40});
    ImageRecord renamedA = new ImageRecord("copy/a.png", new byte[] {10, 20});

    assertThat(DataFingerprint.of(List.of(a, b))).isNotEqualTo(DataFingerprint.of(List.of(b, a)));
    assertThat(DataFingerprint.of(List.of(renamedA, b)))
        .isEqualTo(DataFingerprint.of(List.of(a, b)));
  }
}
