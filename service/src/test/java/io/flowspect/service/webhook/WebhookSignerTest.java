package io.flowspect.service.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L);
  private static final byte[] DATA =
      "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
  private static final Duration TOLERANCE = WebhookSigner.DEFAULT_TOLERANCE;

  /** HMAC-SHA256 of "1700000000." + body, key "Jefe" and "old", as Python's hmac computes them. */
  @Test
  void signsTheTimestampAndTheBodyWithEverySecret() {
    assertThat(new WebhookSigner("Jefe").sign(DATA, AT))
        .isEqualTo(
            "t=1700000000,v1=1cdd0650c8be1cb0974b1788d458b1e781206cfef59b85faafc582d2e182c57e");
    assertThat(new WebhookSigner(List.of("Jefe", "old")).sign(DATA, AT))
        .isEqualTo(
            "t=1700000000,v1=1cdd0650c8be1cb0974b1788d458b1e781206cfef59b85faafc582d2e182c57e"
                + ",v1=e66aea59f05d6d7b81b1338e407f72ed3ab14126db847f912e1e6f8752c968bd");
  }

  @Test
  void verifiesOnlyTheSameBytesWithTheSameSecret() {
    byte[] body = "{\"image_id\":\"a\"}".getBytes(StandardCharsets.UTF_8);
    WebhookSigner signer = new WebhookSigner("s3cret");
    String signature = signer.sign(body, AT);
    assertThat(signer.verify(body, signature, AT, TOLERANCE)).isTrue();
    assertThat(
            signer.verify(
                "{\"image_id\": \"a\"}".getBytes(StandardCharsets.UTF_8), signature, AT, TOLERANCE))
        .isFalse();
    assertThat(new WebhookSigner("other").verify(body, signature, AT, TOLERANCE)).isFalse();
    assertThat(signer.verify(body, null, AT, TOLERANCE)).isFalse();
  }

  /** A captured request replayed later is refused: the timestamp is signed with the body. */
  @Test
  void refusesSignaturesOutsideTheTolerance() {
    WebhookSigner signer = new WebhookSigner("s3cret");
    String signature = signer.sign(DATA, AT);
    assertThat(signer.verify(DATA, signature, AT.plusSeconds(299), TOLERANCE)).isTrue();
    assertThat(signer.verify(DATA, signature, AT.plusSeconds(301), TOLERANCE)).isFalse();
    assertThat(signer.verify(DATA, signature, AT.minusSeconds(301), TOLERANCE)).isFalse();
    // Moving the timestamp forward breaks the signature.
    String moved = signature.replace("t=1700000000", "t=1700000290");
    assertThat(signer.verify(DATA, moved, AT.plusSeconds(290), TOLERANCE)).isFalse();
  }

  /** During a rotation both the receivers on the old secret and those on the new one accept. */
  @Test
  void aRotationIsAcceptedUnderEitherSecret() {
    String header = new WebhookSigner(List.of("new", "old")).sign(DATA, AT);
    assertThat(new WebhookSigner("old").verify(DATA, header, AT, TOLERANCE)).isTrue();
    assertThat(new WebhookSigner("new").verify(DATA, header, AT, TOLERANCE)).isTrue();
    assertThat(new WebhookSigner(List.of("new", "old")).verify(DATA, header, AT, TOLERANCE))
        .isTrue();
    assertThat(new WebhookSigner("other").verify(DATA, header, AT, TOLERANCE)).isFalse();
    // A receiver that holds both secrets accepts a sender that has finished the rotation.
    String after = new WebhookSigner("new").sign(DATA, AT);
    assertThat(new WebhookSigner(List.of("new", "old")).verify(DATA, after, AT, TOLERANCE))
        .isTrue();
  }

  @Test
  void refusesMalformedHeaders() {
    WebhookSigner signer = new WebhookSigner("s3cret");
    String hex = signer.sign(DATA, AT).substring("t=1700000000,v1=".length());
    for (String header :
        List.of(
            "sha256=" + hex, "t=abc,v1=" + hex, "t=1700000000", "v1=" + hex, "", "t1700000000")) {
      assertThat(signer.verify(DATA, header, AT, TOLERANCE)).as(header).isFalse();
    }
  }

  @Test
  void shouldRefuseABlankSecret() {
    assertThatThrownBy(() -> new WebhookSigner(" "))
        .hasMessageContaining("secret must not be blank");
    assertThatThrownBy(() -> new WebhookSigner(List.of())).hasMessageContaining("needs a secret");
  }
}
