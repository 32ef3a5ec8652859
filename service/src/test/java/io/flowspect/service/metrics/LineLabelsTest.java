package io.flowspect.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineLabelsTest {

  @Test
  void shouldBoundTheNumberOfLineLabels() {
    LineLabels labels = new LineLabels(List.of("press-3"), 2);
    assertThat(labels.label("a")).isEqualTo("a");
    assertThat(labels.label("b")).isEqualTo("b");
    assertThat(labels.label("c")).isEqualTo(LineLabels.OTHER);
    // Seen lines keep their label; configured lines always have theirs.
    assertThat(labels.label("a")).isEqualTo("a");
    assertThat(labels.label("press-3")).isEqualTo("press-3");
    assertThat(labels.label(null)).isEqualTo(LineLabels.NONE);
  }
}
