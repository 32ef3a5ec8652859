package io.flowspect.core.tile;

import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Patches of full-resolution frames in a model's input size, for training on frames a model could
 * never take whole: random crops (optionally mirrored or turned, when the dataset declares that
 * keeps a good frame good) to train on, and the regular tiles of a {@link TileLayout} to validate
 * on. Pixels are never resampled: a patch is exactly what a tile of a scored frame will be.
 */
public final class PatchSampler {

  /** Mirroring, left to right or top to bottom. */
  public static final String FLIP = "flip";

  /** Turning by 90 degrees (square patches only). */
  public static final String ROT90 = "rot90";

  private PatchSampler() {}

  /**
   * Draws random crops.
   *
   * @param ids the frames' ids
   * @param frames the frames, each at least the patch size
   * @param spec the model input: patch size and channels
   * @param perFrame crops per frame
   * @param augmentations allowed: {@link #FLIP}, {@link #ROT90}
   * @param seed the crops' positions and augmentations
   * @return {@code perFrame} patches per frame, ids {@code FRAME@x,y} plus the augmentation
   */
  public static List<ImageRecord> random(
      List<String> ids,
      List<RasterImage> frames,
      InputSpec spec,
      int perFrame,
      Set<String> augmentations,
      long seed) {
    if (perFrame < 1) {
      throw new IllegalArgumentException("need at least one patch per frame, got " + perFrame);
    }
    boolean flip = augmentations.contains(FLIP);
    boolean rot90 = augmentations.contains(ROT90) && spec.width() == spec.height();
    List<ImageRecord> out = new ArrayList<>(frames.size() * perFrame);
    for (int f = 0; f < frames.size(); f++) {
      RasterImage frame = requireFits(ids.get(f), frames.get(f), spec);
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + f);
      for (int k = 0; k < perFrame; k++) {
        int x = random.nextInt(frame.width() - spec.width() + 1);
        int y = random.nextInt(frame.height() - spec.height() + 1);
        RasterImage patch = new Tile(0, 0, x, y, spec.width(), spec.height()).cut(frame);
        StringBuilder id =
            new StringBuilder(ids.get(f)).append('@').append(x).append(',').append(y);
        if (flip && random.nextBoolean()) {
          patch = mirror(patch);
          id.append("+flip");
        }
        if (rot90) {
          int turns = random.nextInt(4);
          for (int t = 0; t < turns; t++) {
            patch = turn(patch);
          }
          if (turns > 0) {
            id.append("+rot").append(90 * turns);
          }
        }
        out.add(new ImageRecord(id.toString(), spec.toChw(patch)));
      }
    }
    return out;
  }

  /**
   * Cuts every frame into the tiles of a layout.
   *
   * @param ids the frames' ids
   * @param frames the frames, each at least the patch size
   * @param spec the model input
   * @param layout tile size (the input's) and stride
   * @return every tile of every frame, ids {@code FRAME@x,y}
   */
  public static List<ImageRecord> tiles(
      List<String> ids, List<RasterImage> frames, InputSpec spec, TileLayout layout) {
    List<ImageRecord> out = new ArrayList<>();
    for (int f = 0; f < frames.size(); f++) {
      RasterImage frame = requireFits(ids.get(f), frames.get(f), spec);
      Tiling tiling = layout.tile(frame.width(), frame.height());
      for (Tile t : tiling.tiles()) {
        out.add(new ImageRecord(ids.get(f) + "@" + t.x() + "," + t.y(), spec.toChw(t.cut(frame))));
      }
    }
    return out;
  }

  private static RasterImage requireFits(String id, RasterImage frame, InputSpec spec) {
    if (frame.width() < spec.width() || frame.height() < spec.height()) {
      throw new IllegalArgumentException(
          id
              + ": the frame is "
              + frame.width()
              + " x "
              + frame.height()
              + ", smaller than the "
              + spec.width()
              + " x "
              + spec.height()
              + " patch");
    }
    return frame;
  }

  /** Mirrors left to right. */
  static RasterImage mirror(RasterImage img) {
    int c = img.channels();
    byte[] out = new byte[img.pixels().length];
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        int from = (y * img.width() + x) * c;
        int to = (y * img.width() + img.width() - 1 - x) * c;
        System.arraycopy(img.pixels(), from, out, to, c);
      }
    }
    return new RasterImage(img.width(), img.height(), c, out);
  }

  /** Turns by 90 degrees clockwise. */
  static RasterImage turn(RasterImage img) {
    int c = img.channels();
    int w = img.width();
    int h = img.height();
    byte[] out = new byte[img.pixels().length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int from = (y * w + x) * c;
        int to = (x * h + (h - 1 - y)) * c;
        System.arraycopy(img.pixels(), from, out, to, c);
      }
    }
    return new RasterImage(h, w, c, out);
  }
}
