package io.flowspect.core.defect;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Writes {@code target/defect-gallery/<KIND>.png} for people to look at: per row one good image,
 * then its SUBTLE, MODERATE and STRONG defect, 4x enlarged; then the same three with the changed
 * pixels tinted red.
 */
class DefectGalleryTest {

  private static final int ZOOM = 4;
  private static final int ROWS = 6;

  @Test
  void writesOnePngPerKind() throws Exception {
    InputSpec spec = new InputSpec(1, 28, 28, ResizeMode.RESIZE);
    List<byte[]> real = GarmentImages.fashionMnist(ROWS);
    List<byte[]> good = real.isEmpty() ? GarmentImages.synthetic(ROWS, 1, 28, 28, 3) : real;
    DefectGenerator generator = new DefectGenerator(spec, 1);
    Path dir = Files.createDirectories(Path.of("target", "defect-gallery"));
    int cell = 28 * ZOOM + 2;

    for (DefectKind kind : DefectKind.values()) {
      BufferedImage sheet = new BufferedImage(8 * cell, ROWS * cell, BufferedImage.TYPE_INT_RGB);
      for (int row = 0; row < ROWS; row++) {
        paint(sheet, 0, row, good.get(row), null);
        for (Severity severity : Severity.values()) {
          Defect d = generator.apply(good.get(row), kind, severity, row);
          paint(sheet, 1 + severity.ordinal(), row, d.image(), null);
          paint(sheet, 5 + severity.ordinal(), row, d.image(), changed(good.get(row), d.image()));
        }
      }
      Path png = dir.resolve(kind + ".png");
      ImageIO.write(sheet, "png", png.toFile());

      BufferedImage back = ImageIO.read(png.toFile());
      assertThat(back.getWidth()).isEqualTo(8 * cell);
      assertThat(back.getHeight()).isEqualTo(ROWS * cell);
    }
  }

  private static boolean[] changed(byte[] good, byte[] bad) {
    boolean[] changed = new boolean[good.length];
    for (int i = 0; i < good.length; i++) {
      changed[i] = good[i] != bad[i];
    }
    return changed;
  }

  private static void paint(BufferedImage sheet, int col, int row, byte[] gray, boolean[] red) {
    int cell = 28 * ZOOM + 2;
    for (int y = 0; y < 28 * ZOOM; y++) {
      for (int x = 0; x < 28 * ZOOM; x++) {
        int i = (y / ZOOM) * 28 + x / ZOOM;
        int v = gray[i] & 0xFF;
        int rgb = red != null && red[i] ? 0xFF0000 | (v / 2 << 8) | v / 2 : v << 16 | v << 8 | v;
        sheet.setRGB(col * cell + x, row * cell + y, rgb);
      }
    }
  }
}
