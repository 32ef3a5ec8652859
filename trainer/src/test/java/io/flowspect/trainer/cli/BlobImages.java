package io.flowspect.trainer.cli;

import java.util.SplittableRandom;

/** Tiny 8x8 test images for the CLI tests: a distribution a small Glow learns in seconds. */
public final class BlobImages {

  private BlobImages() {}

  /** Blurry 8x8 blobs; a different seed gives held-out images of the same distribution. */
  public static byte[] blobs(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 64];
    for (int i = 0; i < n; i++) {
      int cx = 2 + random.nextInt(4);
      int cy = 2 + random.nextInt(4);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
          pixels[i * 64 + y * 8 + x] =
              (byte) Math.min(255, (int) (250 * Math.exp(-r2 / 4)) + random.nextInt(4));
        }
      }
    }
    return pixels;
  }

  /** Uniform 8-bit noise, far from the blobs. */
  public static byte[] noise(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 64];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) random.nextInt(256);
    }
    return pixels;
  }
}
