package io.flowspect.service.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  @Test
  void shouldMatchTheRfc4231TestVector() {
    // RFC 4231, test case 2: key "Jefe".
    WebhookSigner signer = new WebhookSigner("Jefe");
    byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    assertThat(signer.sign(data))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void shouldVerifyOnlyTheSameBytesWithTheSameSecret() {
    byte[] body = "{\"image_id\":\"a\"}".getBytes(StandardCharsets.UTF_8);
    WebhookSigner signer = new WebhookSigner("s3cret");
    String signature = signer.sign(body);
    assertThat(signer.verify(body, signature)).isTrue();
    assertThat(signer.verify("{\"image_id\": \"a\"}".getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();
    assertThat(new WebhookSigner("other").verify(body, signature)).isFalse();
    assertThat(signer.verify(body, null)).isFalse();
  }

  @Test
  void shouldRefuseABlankSecret() {
    assertThatThrownBy(() -> new WebhookSigner(" "))
        .hasMessageContaining("secret must not be blank");
  }
}
