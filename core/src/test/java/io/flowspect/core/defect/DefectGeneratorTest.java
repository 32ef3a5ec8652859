package io.flowspect.core.defect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DefectGeneratorTest {

  private static final InputSpec GRAY_28 = new InputSpec(1, 28, 28, ResizeMode.RESIZE);
  private static final InputSpec RGB_40X56 = new InputSpec(3, 40, 56, ResizeMode.RESIZE);

  /** 200 synthetic garments, then the first 200 real Fashion-MNIST test images if installed. */
  private static List<byte[]> images;

  @BeforeAll
  static void loadImages() {
    images = new ArrayList<>(GarmentImages.synthetic(200, 1, 28, 28, 11));
    images.addAll(GarmentImages.fashionMnist(200));
  }

  @Test
  void realFashionMnistIsUsedWhereInstalled() {
    boolean installed = java.nio.file.Files.isRegularFile(GarmentImages.FASHION_MNIST_TEST);

    assertThat(images).hasSize(installed ? 400 : 200);
  }

  @Test
  void sameSeedAndCallOrderGiveIdenticalDefects() {
    DefectGenerator a = new DefectGenerator(GRAY_28, 7);
    DefectGenerator b = new DefectGenerator(GRAY_28, 7);

    for (int i = 0; i < 20; i++) {
      for (DefectKind kind : DefectKind.values()) {
        Defect first = a.apply(images.get(i), kind);
        Defect second = b.apply(images.get(i), kind);

        assertThat(second.image()).isEqualTo(first.image());
        assertThat(second.mask()).isEqualTo(first.mask());
        assertThat(second).isEqualTo(first);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DefectKind.class)
  void differentSeedsGiveDifferentDefects(DefectKind kind) {
    for (Severity severity : Severity.values()) {
      Defect one = new DefectGenerator(GRAY_28, 1).apply(images.get(3), kind, severity);
      Defect two = new DefectGenerator(GRAY_28, 2).apply(images.get(3), kind, severity);

      assertThat(two.image()).as("%s %s", kind, severity).isNotEqualTo(one.image());
    }
  }

  @Test
  void laterCallsOfOneGeneratorGiveDifferentDefects() {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 5);
    byte[] image = images.get(0);

    Defect first = generator.apply(image, DefectKind.HOLE, Severity.MODERATE);
    Defect second = generator.apply(image, DefectKind.HOLE, Severity.MODERATE);

    assertThat(second.mask()).isNotEqualTo(first.mask());
  }

  @Test
  void keyedDefectsDoNotDependOnCallOrder() {
    DefectGenerator fresh = new DefectGenerator(GRAY_28, 9);
    DefectGenerator used = new DefectGenerator(GRAY_28, 9);
    for (int i = 0; i < 5; i++) {
      used.apply(images.get(i), DefectKind.STAIN);
      used.apply(images.get(i), DefectKind.TEAR, Severity.STRONG, 100 + i);
    }

    for (DefectKind kind : DefectKind.values()) {
      Defect keyed = fresh.apply(images.get(4), kind, Severity.MODERATE, 42);

      assertThat(used.apply(images.get(4), kind, Severity.MODERATE, 42)).isEqualTo(keyed);
      assertThat(used.apply(images.get(4), kind, Severity.MODERATE, 43).image())
          .isNotEqualTo(keyed.image());
      assertThat(new DefectGenerator(GRAY_28, 10).apply(images.get(4), kind, Severity.MODERATE, 42))
          .as("the generator's seed takes part")
          .isNotEqualTo(keyed);
    }
  }

  @Test
  void keyedRandomSeverityIsTheExplicitSeverityWithTheSameKey() {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 3);
    Set<Severity> seen = EnumSet.noneOf(Severity.class);

    for (long key = 0; key < 30; key++) {
      Defect random = generator.apply(images.get(1), DefectKind.SCRATCH, key);
      seen.add(random.severity());

      assertThat(generator.apply(images.get(1), DefectKind.SCRATCH, random.severity(), key))
          .isEqualTo(random);
    }
    assertThat(seen).containsExactlyInAnyOrder(Severity.values());
  }

  @ParameterizedTest
  @EnumSource(DefectKind.class)
  void everyDefectChangesPixelsOnlyInsideItsMaskAndBox(DefectKind kind) {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 2024);

    for (int i = 0; i < images.size(); i++) {
      for (Severity severity : Severity.values()) {
        byte[] good = images.get(i);
        byte[] copy = good.clone();

        Defect d = generator.apply(good, kind, severity, i);

        assertThat(good).as("input not mutated").isEqualTo(copy);
        DefectChecks.assertConsistent(GRAY_28, good, d, kind + " " + severity + " on image " + i);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DefectKind.class)
  void subtleDefectsChangeSixToFortyPixels(DefectKind kind) {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 77);

    for (int i = 0; i < images.size(); i++) {
      Defect d = generator.apply(images.get(i), kind, Severity.SUBTLE, i);

      assertThat(d.changedPixels()).as("%s on image %d", kind, i).isBetween(6, 40);
      assertThat(DefectChecks.changedPixels(GRAY_28, images.get(i), d.image()))
          .isEqualTo(d.changedPixels());
    }
  }

  @ParameterizedTest
  @EnumSource(DefectKind.class)
  void strongerSeveritiesChangeMorePixels(DefectKind kind) {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 8);
    int[] medians = new int[Severity.values().length];

    for (Severity severity : Severity.values()) {
      int[] changed = new int[100];
      for (int i = 0; i < changed.length; i++) {
        changed[i] = generator.apply(images.get(i), kind, severity, i).changedPixels();
      }
      Arrays.sort(changed);
      medians[severity.ordinal()] = changed[changed.length / 2];
    }

    assertThat(medians[1]).as("MODERATE over SUBTLE median").isGreaterThan(medians[0]);
    assertThat(medians[2]).as("STRONG over MODERATE median").isGreaterThan(medians[1]);
    assertThat(medians[1])
        .isBetween(Severity.MODERATE.minChanged(), Severity.MODERATE.maxChanged());
    assertThat(medians[2]).isGreaterThanOrEqualTo(Severity.STRONG.minChanged());
  }

  @ParameterizedTest
  @EnumSource(
      value = DefectKind.class,
      names = {"SCRATCH", "STAIN", "FOLD", "TEAR"})
  void defectsOfTheMaterialChangeOnlyObjectPixels(DefectKind kind) {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 4);

    for (int i = 0; i < images.size(); i++) {
      for (Severity severity : Severity.values()) {
        byte[] good = images.get(i);
        Defect d = generator.apply(good, kind, severity, i);

        for (int p = 0; p < good.length; p++) {
          if (d.image()[p] != good[p]) {
            assertThat(good[p] & 0xFF)
                .as("%s %s on image %d, pixel %d", kind, severity, i, p)
                .isGreaterThanOrEqualTo(ObjectMap.THRESHOLD);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = DefectKind.class,
      names = {"HOLE", "CUTOUT"})
  void missingMaterialOnlyDarkensAndReachesTheBackground(DefectKind kind) {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 12);

    for (int i = 0; i < images.size(); i++) {
      for (Severity severity : Severity.values()) {
        byte[] good = images.get(i);
        Defect d = generator.apply(good, kind, severity, i);

        boolean punchedThrough = false;
        for (int p = 0; p < good.length; p++) {
          assertThat(d.image()[p] & 0xFF).isLessThanOrEqualTo(good[p] & 0xFF);
          punchedThrough |= d.image()[p] == 0 && (good[p] & 0xFF) >= ObjectMap.THRESHOLD;
        }
        assertThat(punchedThrough).as("%s %s on image %d", kind, severity, i).isTrue();
      }
    }
  }

  @Test
  void stainsAndSingleScratchesShiftAllTheirPixelsOneWay() {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 13);

    for (int i = 0; i < images.size(); i++) {
      for (DefectKind kind : List.of(DefectKind.STAIN, DefectKind.SCRATCH)) {
        for (Severity severity : List.of(Severity.SUBTLE, Severity.MODERATE)) {
          byte[] good = images.get(i);
          Defect d = generator.apply(good, kind, severity, i);

          int darker = 0;
          int brighter = 0;
          for (int p = 0; p < good.length; p++) {
            int delta = (d.image()[p] & 0xFF) - (good[p] & 0xFF);
            darker += delta < 0 ? 1 : 0;
            brighter += delta > 0 ? 1 : 0;
          }
          assertThat(darker == 0 || brighter == 0)
              .as("%s %s on image %d: %d darker, %d brighter", kind, severity, i, darker, brighter)
              .isTrue();
        }
      }
    }
  }

  @Test
  void foreignObjectsAreBright() {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 14);

    for (int i = 0; i < images.size(); i++) {
      for (Severity severity : Severity.values()) {
        byte[] good = images.get(i);
        Defect d = generator.apply(good, DefectKind.FOREIGN_OBJECT, severity, i);

        int brightest = 0;
        for (int p = 0; p < good.length; p++) {
          if (d.image()[p] != good[p]) {
            brightest = Math.max(brightest, d.image()[p] & 0xFF);
          }
        }
        // Not 210: a tiny triangle may cover no pixel fully, and its pixels are blends.
        assertThat(brightest).as("%s on image %d", severity, i).isGreaterThanOrEqualTo(150);
      }
    }
  }

  @Test
  void deadPixelsAreIsolatedAndStuckAtBlackOrWhite() {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 15);

    for (int i = 0; i < images.size(); i++) {
      for (Severity severity : Severity.values()) {
        Defect d = generator.apply(images.get(i), DefectKind.DEAD_PIXELS, severity, i);

        assertThat(d.changedPixels()).isEqualTo(d.touchedPixels());
        for (int p = 0; p < d.mask().length; p++) {
          if (!d.mask()[p]) {
            continue;
          }
          assertThat(d.image()[p] & 0xFF).isIn(0, 255);
          int x = p % 28;
          int y = p / 28;
          for (int yy = Math.max(0, y - 1); yy <= Math.min(27, y + 1); yy++) {
            for (int xx = Math.max(0, x - 1); xx <= Math.min(27, x + 1); xx++) {
              assertThat(xx == x && yy == y || !d.mask()[yy * 28 + xx])
                  .as("neighbours (%d,%d) and (%d,%d) on image %d", x, y, xx, yy, i)
                  .isTrue();
            }
          }
        }
      }
    }
  }

  @Test
  void noisePatchesFillASquare() {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 16);

    for (int i = 0; i < images.size(); i++) {
      for (Severity severity : Severity.values()) {
        Defect d = generator.apply(images.get(i), DefectKind.NOISE_PATCH, severity, i);

        assertThat(d.box().width()).isEqualTo(d.box().height());
        assertThat(d.touchedPixels()).isEqualTo(d.box().area());
      }
    }
  }

  @Test
  void smearsOnlyMixValuesAlreadyInTheImage() {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 17);

    for (int i = 0; i < images.size(); i++) {
      byte[] good = images.get(i);
      int min = 255;
      int max = 0;
      for (byte b : good) {
        min = Math.min(min, b & 0xFF);
        max = Math.max(max, b & 0xFF);
      }
      for (Severity severity : Severity.values()) {
        Defect d = generator.apply(good, DefectKind.SMEAR, severity, i);

        for (byte b : d.image()) {
          assertThat(b & 0xFF).isBetween(min, max);
        }
      }
    }
  }

  @Test
  void foldsDarkenTheirCrease() {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 18);

    for (int i = 0; i < images.size(); i++) {
      for (Severity severity : Severity.values()) {
        byte[] good = images.get(i);
        Defect d = generator.apply(good, DefectKind.FOLD, severity, i);

        double darkest = 1;
        for (int p = 0; p < good.length; p++) {
          if ((good[p] & 0xFF) >= ObjectMap.THRESHOLD) {
            darkest = Math.min(darkest, (d.image()[p] & 0xFF) / (double) (good[p] & 0xFF));
          }
        }
        assertThat(darkest).as("%s on image %d", severity, i).isLessThanOrEqualTo(0.9);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DefectKind.class)
  void colourImagesOfAnotherSizeWork(DefectKind kind) {
    DefectGenerator generator = new DefectGenerator(RGB_40X56, 21);
    List<byte[]> rgb = GarmentImages.synthetic(30, 3, 40, 56, 22);

    for (int i = 0; i < rgb.size(); i++) {
      for (Severity severity : Severity.values()) {
        byte[] good = rgb.get(i);
        byte[] copy = good.clone();

        Defect d = generator.apply(good, kind, severity, i);

        assertThat(good).isEqualTo(copy);
        assertThat(d.image()).hasSize(3 * 40 * 56);
        assertThat(d.mask()).hasSize(40 * 56);
        DefectChecks.assertConsistent(RGB_40X56, good, d, kind + " " + severity + " on " + i);
        if (severity == Severity.SUBTLE) {
          assertThat(d.changedPixels()).isBetween(6, 40);
        }
      }
    }
  }

  @Test
  void aBlackImageCannotTakeAHoleButCanHaveDeadPixels() {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 1);
    byte[] black = new byte[28 * 28];

    assertThatThrownBy(() -> generator.apply(black, DefectKind.HOLE, Severity.MODERATE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "chw cannot take a MODERATE HOLE: no placement of 200 changed any pixels (closest: 0)");
    Defect dead = generator.apply(black, DefectKind.DEAD_PIXELS, Severity.SUBTLE);
    assertThat(dead.changedPixels()).isBetween(6, 40);
    DefectChecks.assertConsistent(GRAY_28, black, dead, "dead pixels on black");
  }

  @Test
  void tinyImagesCannotHoldASubtleDefectButTakeScaledDownOthers() {
    InputSpec tiny = new InputSpec(1, 2, 2, ResizeMode.RESIZE);
    byte[] grey = {(byte) 100, (byte) 100, (byte) 100, (byte) 100};

    assertThatThrownBy(
            () -> new DefectGenerator(tiny, 1).apply(grey, DefectKind.NOISE_PATCH, Severity.SUBTLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "chw cannot take a SUBTLE NOISE_PATCH: no placement of 200 changed 6 to 40 pixels");
    Defect strong =
        new DefectGenerator(tiny, 1).apply(grey, DefectKind.NOISE_PATCH, Severity.STRONG);
    // 9 to 13 pixels wide on 28 x 28, so 1 pixel on 2 x 2.
    assertThat(strong.box().area()).isEqualTo(1);
    assertThat(strong.changedPixels()).isEqualTo(1);
  }

  @Test
  void argumentsAreChecked() {
    DefectGenerator generator = new DefectGenerator(GRAY_28, 1);
    byte[] good = images.get(0);

    assertThatThrownBy(() -> new DefectGenerator(null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spec must not be null");
    assertThatThrownBy(() -> generator.apply(null, DefectKind.HOLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chw must not be null");
    assertThatThrownBy(() -> generator.apply(new byte[27 * 28], DefectKind.HOLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chw must hold channels * height * width = 784 bytes for 1 x 28 x 28, got 756");
    assertThatThrownBy(() -> generator.apply(good, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind must not be null");
    assertThatThrownBy(() -> generator.apply(good, DefectKind.HOLE, (Severity) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("severity must not be null");
  }
}
