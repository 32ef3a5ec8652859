package io.flowspect.core.detect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Obviously broken 28 x 28 grayscale frames, as a faulty camera or a wrong part would send them:
 * every one must be judged anomalous with a finite score by every reference bundle.
 */
public final class BluntFrames {

  /** Width and height of every frame. */
  public static final int SIDE = 28;

  private BluntFrames() {}

  /**
   * The frames by name.
   *
   * @param garment a normal garment (CHW bytes) to put a foreign object on
   * @return ten frames
   */
  public static Map<String, byte[]> all(byte[] garment) {
    Map<String, byte[]> frames = new LinkedHashMap<>();
    frames.put("all-white", fill((x, y) -> 255));
    frames.put("all-black", fill((x, y) -> 0));
    frames.put("mid-grey", fill((x, y) -> 128));
    frames.put("checkerboard-1px", fill((x, y) -> (x + y) % 2 == 0 ? 255 : 0));
    frames.put("checkerboard-4px", fill((x, y) -> (x / 4 + y / 4) % 2 == 0 ? 255 : 0));
    frames.put("vertical-stripes", fill((x, y) -> (x / 2) % 2 == 0 ? 255 : 0));
    frames.put("half-white", fill((x, y) -> x < SIDE / 2 ? 255 : 0));
    SplittableRandom noise = new SplittableRandom(1);
    frames.put("uniform-noise", fill((x, y) -> noise.nextInt(256)));
    SplittableRandom salt = new SplittableRandom(2);
    frames.put(
        "salt-and-pepper",
        fill(
            (x, y) -> {
              int r = salt.nextInt(10);
              return r == 0 ? 255 : r == 1 ? 0 : 128;
            }));
    byte[] object = garment.clone();
    for (int y = 10; y < 18; y++) {
      for (int x = 10; x < 18; x++) {
        object[y * SIDE + x] = (byte) ((x + y) % 2 == 0 ? 255 : 0);
      }
    }
    frames.put("garment-with-checkered-object", object);
    return frames;
  }

  private interface Pixel {
    int at(int x, int y);
  }

  private static byte[] fill(Pixel pixel) {
    byte[] chw = new byte[SIDE * SIDE];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        chw[y * SIDE + x] = (byte) pixel.at(x, y);
      }
    }
    return chw;
  }
}
