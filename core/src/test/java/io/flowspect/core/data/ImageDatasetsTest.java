package io.flowspect.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDatasetsTest {

  private static final InputSpec GRAY_4 = new InputSpec(1, 4, 4, ResizeMode.RESIZE);

  @TempDir Path tmp;

  /** a.png (value 10), b.PNG (20), broken.png (half a PNG), sub/c.bmp (30), notes.txt. */
  private Path folder() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("set"));
    Files.write(dir.resolve("a.png"), TestImages.encode(TestImages.constant(8, 8, 1, 10), "png"));
    Files.write(dir.resolve("b.PNG"), TestImages.encode(TestImages.constant(4, 4, 3, 20), "png"));
    byte[] png = TestImages.encode(TestImages.pattern(16, 16, 3, 1), "png");
    Files.write(dir.resolve("broken.png"), Arrays.copyOf(png, png.length / 2));
    Files.createDirectories(dir.resolve("sub"));
    Files.write(
        dir.resolve("sub/c.bmp"), TestImages.encode(TestImages.constant(6, 2, 1, 30), "bmp"));
    Files.writeString(dir.resolve("notes.txt"), "not an image");
    return dir;
  }

  @Test
  void folderImagesAreSortedPreprocessedAndBadFilesSkipped() throws Exception {
    LoadedImages loaded = ImageDatasets.load(folder(), GRAY_4, ImageLimits.defaults());

    assertThat(loaded.images())
        .extracting(ImageRecord::id)
        .containsExactly("a.png", "b.PNG", "sub/c.bmp");
    assertThat(loaded.images().get(0).chw()).hasSize(16).containsOnly((byte) 10);
    assertThat(loaded.images().get(1).chw()).hasSize(16).containsOnly((byte) 20);
    assertThat(loaded.images().get(2).chw()).hasSize(16).containsOnly((byte) 30);
    assertThat(loaded.skipped()).hasSize(1);
    assertThat(loaded.skipped().get(0).id()).isEqualTo("broken.png");
    assertThat(loaded.skipped().get(0).reason()).startsWith("broken.png: truncated PNG");
  }

  @Test
  void limitStopsAfterThatManyUsableImages() throws Exception {
    Path dir = folder();

    LoadedImages two = ImageDatasets.load(dir, GRAY_4, ImageLimits.defaults(), 2);
    LoadedImages three = ImageDatasets.load(dir, GRAY_4, ImageLimits.defaults(), 3);

    assertThat(two.images()).extracting(ImageRecord::id).containsExactly("a.png", "b.PNG");
    assertThat(two.skipped()).isEmpty();
    assertThat(three.images())
        .extracting(ImageRecord::id)
        .containsExactly("a.png", "b.PNG", "sub/c.bmp");
    assertThat(three.skipped()).extracting(SkippedInput::id).containsExactly("broken.png");
  }

  @Test
  void filesAboveTheByteLimitAreSkippedWithoutDecoding() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("sizes"));
    Files.write(dir.resolve("big.png"), TestImages.encode(TestImages.pattern(64, 64, 3, 0), "png"));
    Files.write(
        dir.resolve("small.png"), TestImages.encode(TestImages.constant(4, 4, 1, 9), "png"));
    long big = Files.size(dir.resolve("big.png"));
    long limit = Files.size(dir.resolve("small.png"));

    LoadedImages loaded = ImageDatasets.load(dir, GRAY_4, new ImageLimits(limit, 1000));

    assertThat(loaded.images()).extracting(ImageRecord::id).containsExactly("small.png");
    assertThat(loaded.skipped())
        .containsExactly(
            new SkippedInput(
                "big.png",
                "big.png: has " + big + " bytes, above the limit of " + limit + " bytes"));
  }

  @Test
  void emptyFolderIsAnErrorNamingIt() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    assertThatThrownBy(() -> ImageDatasets.load(empty, GRAY_4, ImageLimits.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no usable image in "
                + empty
                + " (0 skipped: no .png, .jpg, .jpeg or .bmp file found)");
  }

  @Test
  void folderOfBrokenFilesReportsTheFirstReason() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Files.write(dir.resolve("x.jpg"), new byte[0]);
    Files.write(dir.resolve("y.png"), new byte[] {1, 2, 3});

    assertThatThrownBy(() -> ImageDatasets.load(dir, GRAY_4, ImageLimits.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no usable image in " + dir + " (2 skipped: x.jpg: is empty (0 bytes))");
  }

  @Test
  void missingPathIsAnError() {
    Path missing = tmp.resolve("nope");

    assertThatThrownBy(() -> ImageDatasets.load(missing, GRAY_4, ImageLimits.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(missing + ": no such file or directory");
  }

  @Test
  void idxFileGivesIndexIdsThroughTheSamePreprocessing() {
    byte[] pixels = new byte[3 * 2 * 2];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i + 1);
    }
    Path file = TestIdx.writeImages(tmp.resolve("imgs.gz"), new IdxImages(3, 2, 2, pixels), true);
    InputSpec rgb = new InputSpec(3, 2, 2, ResizeMode.RESIZE);

    LoadedImages all = ImageDatasets.load(file, rgb, ImageLimits.defaults());
    LoadedImages first = ImageDatasets.load(file, rgb, ImageLimits.defaults(), 2);

    assertThat(all.images()).extracting(ImageRecord::id).containsExactly("0", "1", "2");
    // image 1 holds 5 6 7 8; gray to RGB replicates each plane
    assertThat(all.images().get(1).chw()).containsExactly(5, 6, 7, 8, 5, 6, 7, 8, 5, 6, 7, 8);
    assertThat(first.images()).extracting(ImageRecord::id).containsExactly("0", "1");
    assertThat(all.skipped()).isEmpty();
  }
}
