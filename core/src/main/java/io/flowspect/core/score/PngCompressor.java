package io.flowspect.core.score;

import io.flowspect.core.image.InputSpec;
import java.util.zip.Deflater;

/**
 * PNG compression as libpng does it by default, measured without the container: each scanline is
 * filtered with the one of PNG's five filters (None, Sub, Up, Average, Paeth) that minimises the
 * sum of absolute signed residuals, and the filtered stream is compressed with zlib at level 9. The
 * length is that of the zlib stream, the IDAT payload of a PNG file; the constant header and chunk
 * overhead of a file is left out because it carries no information about the image.
 *
 * <p>Serrà et al. (2020) found PNG a good enough complexity estimate on small images and it is the
 * one every reader can reproduce with standard tools. Thread-safe: each call uses its own deflater.
 */
public final class PngCompressor implements LosslessCompressor {

  /** The one instance; it has no state. */
  public static final PngCompressor INSTANCE = new PngCompressor();

  private PngCompressor() {}

  @Override
  public String name() {
    return "png";
  }

  @Override
  public long bits(byte[] chw, InputSpec spec) {
    if (chw == null || spec == null) {
      throw new IllegalArgumentException("chw and spec must not be null");
    }
    if (chw.length != spec.dims()) {
      throw new IllegalArgumentException(
          "image has " + chw.length + " samples, spec " + spec + " needs " + spec.dims());
    }
    byte[] filtered = filterScanlines(chw, spec.channels(), spec.height(), spec.width());
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      deflater.setInput(filtered);
      deflater.finish();
      byte[] buffer = new byte[filtered.length + 64];
      long total = 0;
      while (!deflater.finished()) {
        total += deflater.deflate(buffer);
      }
      return total * 8;
    } finally {
      deflater.end();
    }
  }

  /** PNG scanlines (interleaved samples, bpp = channels) each prefixed by its chosen filter. */
  static byte[] filterScanlines(byte[] chw, int channels, int height, int width) {
    int stride = width * channels;
    int plane = height * width;
    byte[] out = new byte[height * (stride + 1)];
    int[] prev = new int[stride];
    int[] row = new int[stride];
    int[] best = new int[stride];
    int[] candidate = new int[stride];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < channels; c++) {
          row[x * channels + c] = chw[c * plane + y * width + x] & 0xFF;
        }
      }
      int bestFilter = 0;
      long bestCost = Long.MAX_VALUE;
      for (int filter = 0; filter < 5; filter++) {
        long cost = 0;
        for (int i = 0; i < stride; i++) {
          int a = i >= channels ? row[i - channels] : 0;
          int b = prev[i];
          int cc = i >= channels ? prev[i - channels] : 0;
          int predicted =
              switch (filter) {
                case 0 -> 0;
                case 1 -> a;
                case 2 -> b;
                case 3 -> (a + b) >>> 1;
                default -> paeth(a, b, cc);
              };
          int residual = (row[i] - predicted) & 0xFF;
          candidate[i] = residual;
          cost += Math.abs((byte) residual);
        }
        if (cost < bestCost) {
          bestCost = cost;
          bestFilter = filter;
          System.arraycopy(candidate, 0, best, 0, stride);
        }
      }
      int offset = y * (stride + 1);
      out[offset] = (byte) bestFilter;
      for (int i = 0; i < stride; i++) {
        out[offset + 1 + i] = (byte) best[i];
      }
      int[] t = prev;
      prev = row;
      row = t;
    }
    return out;
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) {
      return a;
    }
    return pb <= pc ? b : c;
  }
}
