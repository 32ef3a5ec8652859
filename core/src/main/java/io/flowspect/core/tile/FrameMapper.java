package io.flowspect.core.tile;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.SizeCheck;
import io.flowspect.core.local.FrameEvidence;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A frame's evidence at the frame's own resolution, from a model of patches: the frame is cut into
 * the tiles of a {@link TileLayout} (the model's input size); one pass of the model, in batches
 * across frames, gives each tile's map (per-pixel NLL, likelihood ratio or latent energy) and its
 * exact log-likelihood (a latent model's bound); the tile maps, and each tile's NLL per pixel
 * spread over the tile, are stitched without seams ({@link Tiling#blend}) into the two channels of
 * a {@link FrameEvidence}. Raw units (nats); standardising against good frames is {@link
 * io.flowspect.core.local.FrameReference}'s job.
 */
public final class FrameMapper {

  /** Tiles per model call. */
  static final int CHUNK = 256;

  private final Scorer scorer;
  private final MapKind kind;
  private final TileLayout layout;
  private final Score patchScore;

  /**
   * Creates a mapper.
   *
   * @param scorer the patch model
   * @param kind the map, one the model supports
   * @param layout tiles of the model's input size and their stride
   */
  public FrameMapper(Scorer scorer, MapKind kind, TileLayout layout) {
    InputSpec spec = scorer.input();
    SizeCheck.requireSame(
        layout.tileWidth(),
        layout.tileHeight(),
        spec.width(),
        spec.height(),
        (tiles, input) -> "tiles of " + tiles + " do not fit the model input of " + input);
    if (!scorer.supportsMap(kind)) {
      throw new IllegalArgumentException(
          "model " + scorer.bundle().manifest().id() + " gives no " + kind.id() + " map");
    }
    this.scorer = scorer;
    this.kind = kind;
    this.layout = layout;
    this.patchScore = patchScore(scorer);
  }

  /**
   * The score whose per-tile value is the patch channel: the exact log-likelihood, or for a latent
   * model its evidence lower bound (nats either way).
   */
  private static Score patchScore(Scorer scorer) {
    for (Score s : List.of(Score.LOG_PX, Score.ELBO)) {
      if (scorer.available().contains(s)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "model "
            + scorer.bundle().manifest().id()
            + " gives neither log_px nor elbo for its patches, which whole frames need");
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
   * @return per frame, its evidence, {@code height * width} values per channel, row-major
   */
  public List<FrameEvidence> maps(List<RasterImage> frames, IntConsumer progress) {
    List<FrameEvidence> out = new ArrayList<>(frames.size());
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
        ScoreTable table = scorer.score(ScoreRequest.of(pending, Set.of(patchScore)).withMap(kind));
        float[][] tileMaps = table.maps().values();
        double[] logPx = table.column(patchScore);
        int pixels = layout.tileWidth() * layout.tileHeight();
        int at = 0;
        for (int g = first; g <= f; g++) {
          Tiling t = tilings.get(g - first);
          float[][] own = new float[t.count()][];
          float[][] patch = new float[t.count()][];
          for (int i = 0; i < t.count(); i++) {
            own[i] = tileMaps[at + i];
            patch[i] = new float[pixels];
            Arrays.fill(patch[i], (float) (-logPx[at + i] / pixels));
          }
          at += t.count();
          out.add(new FrameEvidence(t.blend(own), t.blend(patch)));
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
