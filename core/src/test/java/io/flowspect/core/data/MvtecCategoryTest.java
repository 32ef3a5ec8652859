package io.flowspect.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MVTec AD layout, read from the committed fixture (the benchmark's grid surface, 64 x 64). */
class MvtecCategoryTest {

  static final Path FIXTURE = Path.of("src", "test", "resources", "frames-tiny", "grid");

  @TempDir Path tmp;

  @Test
  void readsTheFixturesSplitsMasksAndDeclaration() {
    MvtecCategory c = MvtecCategory.open(FIXTURE);
    assertThat(c.trainGood()).hasSize(24);
    assertThat(c.testGood()).hasSize(6);
    assertThat(c.defects().keySet())
        .containsExactly(
            "colour_spot",
            "contamination",
            "crack",
            "cut",
            "fold",
            "hole",
            "missing_pattern",
            "scratch",
            "stain");
    assertThat(c.hasMasks()).isTrue();
    MvtecCategory.DefectFrame hole = c.defects().get("hole").get(1);
    assertThat(hole.mask().getFileName().toString()).isEqualTo("001_mask.png");
    boolean[] mask = MvtecCategory.readMask(hole.mask(), 64, 64);
    int on = 0;
    for (boolean m : mask) {
      on += m ? 1 : 0;
    }
    assertThat(on).isBetween(10, 64 * 64 / 4);
    assertThat(c.declaration().augmentations()).containsExactly("flip", "rot90");
    assertThat(c.declaration().aligned()).isTrue();
    assertThat(c.declaration().severities().get("hole")).containsExactly("subtle", "moderate");
  }

  @Test
  void aMissingMaskIsOneErrorNamingTheFile() throws IOException {
    Path copy = copy();
    Path mask = copy.resolve("ground_truth/stain/001_mask.png");
    Files.delete(mask);
    assertThatThrownBy(() -> MvtecCategory.open(copy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(mask + ": missing")
        .hasMessageContaining("001.png has none");
  }

  @Test
  void aMisSizedMaskIsOneErrorNamingTheFileAndBothSizes() throws IOException {
    Path copy = copy();
    Path mask = copy.resolve("ground_truth/cut/000_mask.png");
    ImageIO.write(new BufferedImage(32, 64, BufferedImage.TYPE_BYTE_GRAY), "png", mask.toFile());
    MvtecCategory c = MvtecCategory.open(copy);
    assertThatThrownBy(() -> MvtecCategory.readMask(c.defects().get("cut").get(0).mask(), 64, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(mask + ": the mask is 32 x 64 but its frame is 64 x 64");
  }

  @Test
  void withoutGroundTruthThereAreNoMasksAndWithoutTrainGoodItIsNoCategory() throws IOException {
    Path copy = copy();
    delete(copy.resolve("ground_truth"));
    MvtecCategory c = MvtecCategory.open(copy);
    assertThat(c.hasMasks()).isFalse();
    assertThat(c.defects().get("scratch")).hasSize(2).allMatch(f -> f.mask() == null);
    assertThatThrownBy(() -> MvtecCategory.open(tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(tmp + ": not an MVTec AD category: it has no train/good folder");
  }

  private Path copy() throws IOException {
    Path target = tmp.resolve("grid");
    try (Stream<Path> walk = Files.walk(FIXTURE)) {
      for (Path p : walk.toList()) {
        Path to = target.resolve(FIXTURE.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
