package io.flowspect.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

  @TempDir Path tmp;

  private static IdxImages sample() {
    byte[] pixels = new byte[3 * 2 * 4];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 11);
    }
    return new IdxImages(3, 2, 4, pixels);
  }

  @Test
  void plainAndGzippedImagesRoundTripWhateverTheFileName() {
    IdxImages images = sample();
    // Compression is detected from the content: a gzipped file without .gz and a plain one with.
    Path gz = TestIdx.writeImages(tmp.resolve("images.idx"), images, true);
    Path plain = TestIdx.writeImages(tmp.resolve("images-idx3-ubyte.gz"), images, false);

    assertThat(IdxFile.readImages(gz)).isEqualTo(images);
    assertThat(IdxFile.readImages(plain)).isEqualTo(images);
  }

  @Test
  void streamsReadLikeFilesAndErrorsNameTheGivenName() throws Exception {
    IdxImages images = sample();
    Path gz = TestIdx.writeImages(tmp.resolve("images.idx"), images, true);
    Path labels = TestIdx.writeLabels(tmp.resolve("labels"), new int[] {4, 200}, false);

    try (var in = Files.newInputStream(gz)) {
      assertThat(IdxFile.readImages(in, "demo/images.gz")).isEqualTo(images);
    }
    try (var in = Files.newInputStream(labels)) {
      assertThat(IdxFile.readLabels(in, "demo/labels")).containsExactly(4, 200);
    }
    try (var in = Files.newInputStream(labels)) {
      assertThatThrownBy(() -> IdxFile.readImages(in, "demo/labels"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("demo/labels: not an IDX3");
    }
  }

  @Test
  void imagesAreRowMajorGrayRasters() {
    IdxImages images = IdxFile.readImages(TestIdx.writeImages(tmp.resolve("i"), sample(), true));

    var second = images.image(1);

    assertThat(second.width()).isEqualTo(4);
    assertThat(second.height()).isEqualTo(2);
    assertThat(second.channels()).isEqualTo(1);
    // image 1 starts at byte 8; pixel (x = 1, y = 1) is byte 8 + 4 + 1 = 13, value 13 * 11 = 143
    assertThat(second.sample(1, 1, 0)).isEqualTo(143);
  }

  @Test
  void labelsRoundTripAsUnsignedValues() {
    int[] labels = {0, 9, 3, 255};

    assertThat(IdxFile.readLabels(TestIdx.writeLabels(tmp.resolve("l.gz"), labels, true)))
        .containsExactly(0, 9, 3, 255);
    assertThat(IdxFile.readLabels(TestIdx.writeLabels(tmp.resolve("l"), labels, false)))
        .containsExactly(0, 9, 3, 255);
  }

  @Test
  void labelFileIsNotAnImageFile() {
    Path labels = TestIdx.writeLabels(tmp.resolve("labels"), new int[] {1, 2}, false);

    assertThatThrownBy(() -> IdxFile.readImages(labels))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            labels
                + ": not an IDX3 unsigned-byte image file (magic 0x00000801, expected"
                + " 0x00000803)");
  }

  @Test
  void truncatedDataIsRefusedNamingTheFile() throws Exception {
    Path full = TestIdx.writeImages(tmp.resolve("full"), sample(), false);
    byte[] bytes = Files.readAllBytes(full);
    Path cut = TestIdx.write(tmp.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length - 5), true);

    assertThatThrownBy(() -> IdxFile.readImages(cut))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(cut + ": truncated: the header declares 24 data bytes, found 19");
  }

  @Test
  void truncatedHeaderAndMissingFileAreRefused() {
    Path tiny = TestIdx.write(tmp.resolve("tiny"), new byte[] {0, 0, 8, 3, 0, 0}, false);

    assertThatThrownBy(() -> IdxFile.readImages(tiny))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(tiny + ": truncated header: the image count is missing");
    assertThatThrownBy(() -> IdxFile.readLabels(tmp.resolve("absent")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(tmp.resolve("absent") + ": no such file");
  }
}
