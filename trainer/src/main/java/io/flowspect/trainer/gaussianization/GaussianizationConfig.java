package io.flowspect.trainer.gaussianization;

import io.flowspect.core.image.InputSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a Gaussianization flow.
 *
 * @param input the image shape
 * @param layers most marginal-plus-rotation layers to fit (validation keeps fewer when more stop
 *     helping)
 * @param bins equal-mass bins of each piecewise-linear marginal map
 * @param blocks side of the square pixel blocks each layer rotates, cycled over the layers; every
 *     side divides the height and the width, and two sides whose grids do not coincide let
 *     information cross block borders from one layer to the next
 */
public record GaussianizationConfig(InputSpec input, int layers, int bins, List<Integer> blocks) {

  /** The setting and {@code train} option ({@code --block-sides}) that holds the block sides. */
  public static final String BLOCK_SIDES = "block_sides";

  /** The {@value #BLOCK_SIDES} setting that picks the sides from the image size. */
  public static final String AUTO = "auto";

  public GaussianizationConfig {
    if (layers < 1 || layers > 500) {
      throw new IllegalArgumentException("--layers must be 1 to 500, found " + layers);
    }
    if (bins < 2 || bins > 1024) {
      throw new IllegalArgumentException("--bins must be 2 to 1024, found " + bins);
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("--block-sides needs at least one side");
    }
    for (int p : blocks) {
      if (p < 1 || input.height() % p != 0 || input.width() % p != 0) {
        throw new IllegalArgumentException(
            "--block-sides: a side of "
                + p
                + " does not divide the "
                + input.height()
                + " x "
                + input.width()
                + " input");
      }
    }
    blocks = List.copyOf(blocks);
  }

  /**
   * Parses the {@value #BLOCK_SIDES} setting: {@value #AUTO}, or sides separated by commas.
   *
   * @param input the image shape, for {@value #AUTO}
   * @param text e.g. "7,4"
   * @return the sides
   */
  public static List<Integer> blocks(InputSpec input, String text) {
    if (text == null || text.isBlank() || text.trim().toLowerCase(Locale.ROOT).equals(AUTO)) {
      return automatic(input);
    }
    List<Integer> sides = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        sides.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--block-sides takes auto or sides separated by commas (7,4), found " + text);
      }
    }
    return sides;
  }

  /**
   * The largest side of at most 8 that divides both height and width, then the largest smaller one
   * whose grid is not a refinement of the first (7 then 4 on 28 x 28): blocks of up to 8 x 8 pixels
   * keep each rotation small, and two unaligned grids let every pixel reach every other over the
   * layers.
   */
  static List<Integer> automatic(InputSpec input) {
    int g = gcd(input.height(), input.width());
    int first = 1;
    for (int p = Math.min(8, g); p >= 1; p--) {
      if (g % p == 0) {
        first = p;
        break;
      }
    }
    for (int p = first - 1; p >= 2; p--) {
      if (g % p == 0 && first % p != 0) {
        return List.of(first, p);
      }
    }
    for (int p = first - 1; p >= 2; p--) {
      if (g % p == 0) {
        return List.of(first, p);
      }
    }
    return List.of(first);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Side of the blocks layer {@code l} rotates. */
  int block(int l) {
    return blocks.get(l % blocks.size());
  }

  /** Values in one block of layer {@code l}: channels times its pixels. */
  int blockSize(int l) {
    int p = block(l);
    return input.channels() * p * p;
  }
}
