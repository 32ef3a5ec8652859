package io.flowspect.trainer.bench;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.detect.FrameDetector;
import io.flowspect.core.detect.FrameVerdict;
import io.flowspect.core.frames.FrameBenchmark;
import io.flowspect.core.frames.FrameDefect;
import io.flowspect.core.frames.FrameMaker;
import io.flowspect.core.frames.FrameSeverity;
import io.flowspect.core.frames.MadeFrame;
import io.flowspect.core.frames.Surface;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.local.FrameCalibrator;
import io.flowspect.core.local.FrameEvidence;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.Scorer;
import io.flowspect.core.tile.FrameMapper;
import io.flowspect.core.tile.TileLayout;
import io.flowspect.core.tile.Tiling;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How fast a model of patches judges whole line frames: frames per second with evidence maps,
 * anomaly maps and regions ({@link FrameDetector#judge}), side by side with the same bundle giving
 * only its tiles' log-likelihoods (no maps), at each frame size, in one interleaved run.
 *
 * <p>Frames are made by the benchmark's generator for the given surface, so any size can be
 * measured; each size gets a calibration made in memory on {@value #CALIBRATION_FRAMES} good frames
 * (the bundle's own may be for another size). What is timed starts from decoded frames in memory,
 * as a caller holds them.
 */
public final class FrameBench {

  /** Good frames the in-memory calibration is made on. */
  static final int CALIBRATION_FRAMES = 12;

  /** Distinct frames the batches cycle through: half good, half with a defect. */
  static final int FRAMES = 8;

  /** Anomaly-map smoothing, pixels, as {@code calibrate}'s default. */
  static final double SIGMA = 4;

  private final BenchRunner runner;
  private final int threads;
  private final List<Integer> batches;
  private final PrintWriter progress;

  /**
   * @param runner timing settings
   * @param threads ONNX Runtime intra-op threads
   * @param batches frames per call, in the order measured
   * @param progress where progress lines go
   */
  public FrameBench(BenchRunner runner, int threads, List<Integer> batches, PrintWriter progress) {
    this.runner = runner;
    this.threads = threads;
    this.batches = List.copyOf(batches);
    this.progress = progress;
  }

  /** One frame size's measurements. */
  public record SizeResult(int width, int height, int tiles, List<Measurement> measurements) {}

  /**
   * Measures one bundle at each frame size.
   *
   * @param bundle a model of patches (its input is the tile)
   * @param surface the surface frames are made of
   * @param sizes frame sides, pixels
   * @return per size, both workloads at every batch size
   */
  public List<SizeResult> run(Bundle bundle, Surface surface, List<Integer> sizes) {
    List<SizeResult> out = new ArrayList<>();
    OnnxOptions options = new OnnxOptions(OnnxOptions.cpu().provider(), threads, 1);
    try (Scorer scorer = Scorer.open(bundle, options)) {
      MapKind kind =
          FrameCalibration.read(bundle)
              .map(FrameCalibration::mapKind)
              .or(scorer::defaultMap)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--model " + bundle.dir() + ": the model gives no evidence map"));
      TileLayout layout =
          FrameCalibration.read(bundle)
              .map(c -> new TileLayout(c.tileWidth(), c.tileHeight(), c.stride(), c.stride()))
              .orElseGet(() -> TileLayout.of(scorer.input(), scorer.input().width() / 2));
      long started = System.nanoTime();
      int cells = sizes.size() * batches.size();
      int done = 0;
      for (int side : sizes) {
        FrameMaker maker = new FrameMaker(surface, FrameBenchmark.material(1, surface), side, side);
        FrameMapper mapper = new FrameMapper(scorer, kind, layout);
        List<RasterImage> good = new ArrayList<>();
        for (int i = 0; i < CALIBRATION_FRAMES; i++) {
          good.add(maker.good(i).raster());
        }
        progress.printf(
            Locale.ROOT, "%d x %d: calibrating on %d good frames%n", side, side, good.size());
        List<FrameEvidence> evidence = mapper.maps(good, n -> {});
        FrameCalibration calibration =
            FrameCalibrator.calibrate(
                bundle.manifest(), kind, layout, evidence, side, side, SIGMA, 0.01);
        FrameDetector detector = FrameDetector.of(scorer, calibration);
        List<byte[]> frames = new ArrayList<>();
        FrameDefect[] kinds = FrameDefect.values();
        for (int i = 0; i < FRAMES; i++) {
          MadeFrame f =
              i % 2 == 0
                  ? maker.good(1000 + i)
                  : maker.defective(1000 + i, kinds[i % kinds.length], FrameSeverity.MODERATE);
          frames.add(f.rgb());
        }
        Tiling tiling = layout.tile(side, side);
        List<Workload> workloads =
            List.of(new Judged(detector, side, side), new TilesOnly(scorer, tiling, side, side));
        List<Measurement> measured = new ArrayList<>();
        for (int batch : batches) {
          List<Batch> prepared = BenchImages.batches(frames, batch);
          String cell = side + " x " + side + " batch " + batch;
          List<Measurement> ms =
              runner.measure(prepared, workloads, step -> progress.println(cell + ": " + step));
          measured.addAll(ms);
          done++;
          double elapsed = (System.nanoTime() - started) / 1e9;
          progress.printf(
              Locale.ROOT,
              "%s: judged %.2f frames/s, tiles only %.2f frames/s [%d/%d, ETA %.0f s]%n",
              cell,
              ms.get(0).imagesPerSecond(),
              ms.get(1).imagesPerSecond(),
              done,
              cells,
              elapsed / done * (cells - done));
        }
        out.add(new SizeResult(side, side, tiling.count(), measured));
      }
    }
    return out;
  }

  /**
   * Prints the results as a markdown table.
   *
   * @param bundle the bundle measured
   * @param results from {@link #run}
   * @return the table
   */
  public static String markdown(Bundle bundle, List<SizeResult> results) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%s (%s, %d x %d patches): frames/s, judged with maps and regions against tiles' log p"
                + " only%n%n",
            bundle.manifest().id(),
            bundle.manifest().family(),
            bundle.manifest().input().width(),
            bundle.manifest().input().height()));
    s.append(
        "| frame | tiles | batch | judged, frames/s | p50 / p99 ms | tiles' log p only, frames/s |"
            + " judged / log p only |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (SizeResult r : results) {
      for (int i = 0; i + 1 < r.measurements().size(); i += 2) {
        Measurement judged = r.measurements().get(i);
        Measurement plain = r.measurements().get(i + 1);
        s.append(
            String.format(
                Locale.ROOT,
                "| %d x %d | %d | %d | %.2f | %.0f / %.0f | %.2f | %.2f |%n",
                r.width(),
                r.height(),
                r.tiles(),
                judged.batch(),
                judged.imagesPerSecond(),
                judged.latencyP50Ms(),
                judged.latencyP99Ms(),
                plain.imagesPerSecond(),
                judged.imagesPerSecond() / plain.imagesPerSecond()));
      }
    }
    return s.toString();
  }

  /** Whole frames judged: maps, anomaly maps, frame scores and regions. */
  private record Judged(FrameDetector detector, int width, int height) implements Workload {

    @Override
    public String id() {
      return "frame-judged";
    }

    @Override
    public String label() {
      return "judged with maps and regions";
    }

    @Override
    public double[] run(Batch batch) {
      List<RasterImage> frames = new ArrayList<>(batch.size());
      for (byte[] rgb : batch.chw()) {
        frames.add(new RasterImage(width, height, 3, rgb));
      }
      List<FrameVerdict> verdicts = detector.judge(frames);
      if (verdicts.size() != frames.size()) {
        throw new IllegalStateException("judged " + verdicts.size() + " of " + frames.size());
      }
      return null;
    }
  }

  /** The same frames' tiles given only their log-likelihood: the model pass without maps. */
  private record TilesOnly(Scorer scorer, Tiling tiling, int width, int height)
      implements Workload {

    @Override
    public String id() {
      return "frame-tiles-log-p";
    }

    @Override
    public String label() {
      return "tiles' log p only";
    }

    @Override
    public double[] run(Batch batch) {
      List<byte[]> tiles = new ArrayList<>();
      for (byte[] rgb : batch.chw()) {
        for (RasterImage tile : tiling.cut(new RasterImage(width, height, 3, rgb))) {
          tiles.add(scorer.input().toChw(tile));
        }
      }
      scorer.score(tiles, Set.of(Score.LOG_PX));
      return null;
    }
  }
}
