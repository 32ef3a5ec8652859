package io.flowspect.core.tile;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.score.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A frame's evidence map at the frame's own resolution, from a model of patches: the frame is cut
 * into the tiles of a {@link TileLayout} (the model's input size), each tile's map (per-pixel NLL,
 * likelihood ratio or latent energy) is computed in batches across frames, and the tile maps are
 * stitched without seams ({@link Tiling#blend}). Raw units of the map kind (nats); standardising
 * against good frames is {@link io.flowspect.core.local.FrameReference}'s job.
 */
public final class FrameMapper {

  /** Tiles per model call. */
  static final int CHUNK = 256;

  private final Scorer scorer;
  private final MapKind kind;
  private final TileLayout layout;

  /**
   * Creates a mapper.
   *
   * @param scorer the patch model
   * @param kind the map, one the model supports
   * @param layout tiles of the model's input size and their stride
   */
  public FrameMapper(Scorer scorer, MapKind kind, TileLayout layout) {
    InputSpec spec = scorer.input();
    if (layout.tileWidth() != spec.width() || layout.tileHeight() != spec.height()) {
      throw new IllegalArgumentException(
          "tiles of "
              + layout.tileWidth()
              + " x "
              + layout.tileHeight()
              + " do not fit the model input of "
              + spec.width()
              + " x "
              + spec.height());
    }
    if (!scorer.supportsMap(kind)) {
      throw new IllegalArgumentException(
          "model " + scorer.bundle().manifest().id() + " gives no " + kind.id() + " map");
    }
    this.scorer = scorer;
    this.kind = kind;
    this.layout = layout;
  }

  /**
   * Returns the layout.
   *
   * @return tile size and stride
   */
  public TileLayout layout() {
    return layout;
  }

  /**
   * Returns the map kind.
   *
   * @return what the maps are
   */
  public MapKind kind() {
    return kind;
  }

  /**
   * Maps frames.
   *
   * @param frames frames, each at least one tile
   * @param progress told the number of frames done so far
   * @return per frame, its map, {@code height * width} values, row-major
   */
  public List<float[]> maps(List<RasterImage> frames, IntConsumer progress) {
    List<float[]> out = new ArrayList<>(frames.size());
    List<byte[]> pending = new ArrayList<>();
    List<Tiling> tilings = new ArrayList<>();
    int first = 0;
    for (int f = 0; f < frames.size(); f++) {
      RasterImage frame = frames.get(f);
      Tiling tiling = layout.tile(frame.width(), frame.height());
      tilings.add(tiling);
      for (RasterImage tile : tiling.cut(frame)) {
        pending.add(scorer.input().toChw(tile));
      }
      if (pending.size() >= CHUNK || f == frames.size() - 1) {
        float[][] tileMaps = scorer.maps(pending, kind).values();
        int at = 0;
        for (int g = first; g <= f; g++) {
          Tiling t = tilings.get(g - first);
          float[][] own = new float[t.count()][];
          System.arraycopy(tileMaps, at, own, 0, t.count());
          at += t.count();
          out.add(t.blend(own));
        }
        pending.clear();
        tilings.clear();
        first = f + 1;
        progress.accept(out.size());
      }
    }
    return out;
  }
}
