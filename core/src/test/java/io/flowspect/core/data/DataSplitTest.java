package io.flowspect.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataSplitTest {

  private static List<ImageRecord> records(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new ImageRecord(Integer.toString(i), new byte[] {(byte) i}))
        .toList();
  }

  @Test
  void sameSeedGivesTheSamePartitionAndBothPartsCoverTheInput() {
    List<ImageRecord> data = records(100);

    Split a = DataSplit.split(data, 0.2, 42);
    Split b = DataSplit.split(data, 0.2, 42);

    assertThat(a).isEqualTo(b);
    assertThat(a.validation()).hasSize(20);
    assertThat(a.train()).hasSize(80).doesNotContainAnyElementsOf(a.validation());
    List<ImageRecord> union = new ArrayList<>(a.train());
    union.addAll(a.validation());
    assertThat(union).containsExactlyInAnyOrderElementsOf(data);
  }

  @Test
  void anotherSeedGivesAnotherValidationSet() {
    List<ImageRecord> data = records(100);

    assertThat(DataSplit.split(data, 0.2, 1).validation())
        .isNotEqualTo(DataSplit.split(data, 0.2, 2).validation());
  }

  @Test
  void partsKeepTheInputOrder() {
    Split s = DataSplit.split(records(50), 0.3, 7);

    assertThat(s.validation()).hasSize(15);
    assertThat(s.train()).extracting(r -> Integer.parseInt(r.id())).isSorted();
    assertThat(s.validation()).extracting(r -> Integer.parseInt(r.id())).isSorted();
  }

  @Test
  void validationCountIsRoundedAndNeverEmptiesTraining() {
    assertThat(DataSplit.split(records(10), 0.25, 0).validation()).hasSize(3); // 2.5 rounds up
    assertThat(DataSplit.split(records(10), 0.0, 0).train()).hasSize(10);
    assertThat(DataSplit.split(records(1), 0.5, 0).train()).hasSize(1);
  }

  @Test
  void fractionOutsideZeroToHalfIsRefused() {
    assertThatThrownBy(() -> DataSplit.split(records(10), 0.6, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validationFraction must be in [0, 0.5], got 0.6");
    assertThatThrownBy(() -> DataSplit.split(records(10), Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
