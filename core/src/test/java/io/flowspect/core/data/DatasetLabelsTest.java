package io.flowspect.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLabelsTest {

  private static final InputSpec SPEC = new InputSpec(1, 2, 2, ResizeMode.RESIZE);

  @TempDir Path dir;

  private Path images(int n) {
    return TestIdx.writeImages(
        dir.resolve("images-idx3-ubyte.gz"), new IdxImages(n, 2, 2, new byte[n * 4]), true);
  }

  @Test
  void idxLabelsNameClassesZeroToTheLargestLabelAndFollowTheirImagesThroughALimit() {
    Path images = images(5);
    Path labels = TestIdx.writeLabels(dir.resolve("labels"), new int[] {2, 0, 1, 2, 0}, false);
    LoadedImages loaded = ImageDatasets.load(images, SPEC, ImageLimits.defaults(), 4);

    DatasetLabels.Labelled l = DatasetLabels.of(loaded, images, labels, null);

    assertThat(l.classes()).containsExactly("0", "1", "2");
    assertThat(l.images().images())
        .extracting(ImageRecord::label)
        .containsExactly("2", "0", "1", "2");
    DatasetLabels.Labelled named =
        DatasetLabels.fromIdx(loaded, images, labels, List.of("shirt", "shoe", "bag"));
    assertThat(named.images().images()).extracting(ImageRecord::label).startsWith("bag", "shirt");
    Split split = DataSplit.split(named.images().images(), 0.5, 3);
    for (ImageRecord r : split.validation()) {
      assertThat(r.label())
          .isEqualTo(named.classes().get(new int[] {2, 0, 1, 2}[Integer.parseInt(r.id())]));
    }
  }

  @Test
  void aLabelCountThatDiffersFromTheImageCountIsOneErrorNamingBothFiles() {
    Path images = images(5);
    Path labels = TestIdx.writeLabels(dir.resolve("labels.gz"), new int[] {0, 1, 0}, true);
    LoadedImages loaded = ImageDatasets.load(images, SPEC, ImageLimits.defaults());

    assertThatThrownBy(() -> DatasetLabels.of(loaded, images, labels, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            labels + " has 3 labels but " + images + " has 5 images: they must match one to one");
  }

  @Test
  void aLabelWithoutAClassNameAndAnIdxFileWithoutLabelsAreRefused() {
    Path images = images(2);
    Path labels = TestIdx.writeLabels(dir.resolve("labels"), new int[] {0, 3}, false);
    LoadedImages loaded = ImageDatasets.load(images, SPEC, ImageLimits.defaults());

    assertThatThrownBy(() -> DatasetLabels.of(loaded, images, labels, List.of("a", "b")))
        .hasMessageContaining("image 1 has label 3, which names no class of [a, b]");
    assertThatThrownBy(() -> DatasetLabels.of(loaded, images, null, null))
        .hasMessageContaining("its labels need an IDX1 label file (--labels)");
  }

  @Test
  void folderImagesTakeTheirSubFolderAsLabelAndClassesAreSorted() throws Exception {
    for (String path : List.of("right/1.png", "left/2.png", "left/deeper/3.png")) {
      Path file = dir.resolve("data").resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, TestImages.encode(TestImages.constant(2, 2, 1, 9), "png"));
    }
    Path data = dir.resolve("data");
    LoadedImages loaded = ImageDatasets.load(data, SPEC, ImageLimits.defaults());

    DatasetLabels.Labelled l = DatasetLabels.of(loaded, data, null, null);

    assertThat(l.classes()).containsExactly("left", "right");
    assertThat(l.images().images())
        .extracting(r -> r.id() + "=" + r.label())
        .containsExactly("left/2.png=left", "left/deeper/3.png=left", "right/1.png=right");

    Files.write(
        data.resolve("loose.png"), TestImages.encode(TestImages.constant(2, 2, 1, 9), "png"));
    LoadedImages withLoose = ImageDatasets.load(data, SPEC, ImageLimits.defaults());
    assertThatThrownBy(() -> DatasetLabels.of(withLoose, data, null, null))
        .hasMessageContaining("loose.png lies directly in the data folder");
  }
}
