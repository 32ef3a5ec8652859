package io.flowspect.trainer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.BundleContract.Tensor;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.local.LocalScores;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.local.MapReference;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.onnx.GraphSession;
import io.flowspect.core.onnx.LatentModel;
import io.flowspect.core.onnx.OnnxModelException;
import io.flowspect.core.score.ImportanceSampling;
import io.flowspect.core.score.PngCompressor;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import io.flowspect.trainer.export.BundleWeights;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.LatentNetwork;
import io.flowspect.trainer.train.Evaluator;
import io.flowspect.trainer.train.LatentEvaluator;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The workloads every bundle is measured with.
 *
 * <ul>
 *   <li>{@value #ORT_DENSITY}: core's {@link DensityModel} on ONNX Runtime, the density pass alone
 *       (for a latent-variable bundle its {@link LatentModel}'s bound pass with the bundle's K
 *       seeded importance samples, giving the IWAE bound);
 *   <li>{@value #DJL_EAGER}: the same network rebuilt from the bundle ({@link BundleWeights}) and
 *       run eagerly on libtorch through DJL by the trainer's evaluation code ({@link
 *       Evaluator#logPx(io.flowspect.trainer.model.DensityNetwork, DjlOps, float[], int)}), no
 *       gradients;
 *   <li>{@value #ORT_SCORER}: core's {@link Scorer} computing every score the bundle offers
 *       (complexity's PNG compression and a background model's pass included): what a scoring call
 *       costs end to end;
 *   <li>{@value #ORT_SCORER_MAPS}: the same with the evidence maps of the bundle's calibration and
 *       the local score (maps standardised, window scan, hottest region), when the bundle is
 *       calibrated with maps: what locating defects costs on top of scoring;
 *   <li>{@value #ORT_CONDITIONALS}: the {@code conditionals} graph (PixelCNN logits, [N, D x 256]),
 *       when the bundle has one: the pass purification repeats.
 * </ul>
 */
public final class StandardWorkloads implements WorkloadFactory {

  public static final String ORT_DENSITY = "ort-density";
  public static final String DJL_EAGER = "djl-eager";
  public static final String ORT_SCORER = "ort-scorer";
  public static final String ORT_SCORER_MAPS = "ort-scorer-maps";
  public static final String ORT_CONDITIONALS = "ort-conditionals";

  @Override
  public List<Workload> open(BenchTarget target) {
    List<Workload> out = new ArrayList<>();
    try {
      out.add(OrtDensity.open(target));
      out.add(DjlEager.open(target));
      out.add(
          new OrtScorer(
              Scorer.open(
                  target.bundle(),
                  target.onnxOptions(),
                  PngCompressor.INSTANCE,
                  target.maxBatch())));
      Optional<MapReference> maps = CalibrationFile.read(target.bundle()).map(Calibration::maps);
      if (maps.isPresent()) {
        out.add(
            new OrtScorerWithMaps(
                Scorer.open(
                    target.bundle(),
                    target.onnxOptions(),
                    PngCompressor.INSTANCE,
                    target.maxBatch()),
                maps.get()));
      }
      if (target.bundle().manifest().graphs().containsKey(BundleContract.Role.CONDITIONALS)) {
        out.add(OrtConditionals.open(target));
      }
      return out;
    } catch (RuntimeException e) {
      out.forEach(Workload::close);
      throw e;
    }
  }

  /**
   * Sets libtorch's intra-op threads: through DJL's property before the engine starts (it reads it
   * once), and directly afterwards, since the engine may already run in this JVM.
   */
  static void setLibtorchThreads(int threads) {
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(threads);
  }

  /** The density graph on ONNX Runtime, or a latent bundle's bound graph. */
  private static final class OrtDensity implements Workload {

    private final DensityModel model;
    private final LatentModel latent;
    private final long seed;
    private final int samples;

    private OrtDensity(DensityModel model, LatentModel latent, long seed, int samples) {
      this.model = model;
      this.latent = latent;
      this.seed = seed;
      this.samples = samples;
    }

    static OrtDensity open(BenchTarget target) {
      Bundle bundle = target.bundle();
      if (!LatentModel.isLatent(bundle)) {
        return new OrtDensity(
            DensityModel.open(bundle, target.onnxOptions(), target.maxBatch()), null, 0, 0);
      }
      return new OrtDensity(
          null,
          LatentModel.open(bundle, target.onnxOptions(), LatentModel.DEFAULT_MAX_ROWS),
          ImportanceSampling.seed(bundle),
          ImportanceSampling.defaultSamples(bundle));
    }

    @Override
    public String id() {
      return ORT_DENSITY;
    }

    @Override
    public String label() {
      return "ORT density"; // one column for every bundle: a VAE's is its bound pass
    }

    @Override
    public double[] run(Batch batch) {
      if (latent != null) {
        return ImportanceSampling.score(latent, batch.rows(), samples, seed).iwae();
      }
      return model.score(batch.rows()).logPx();
    }

    @Override
    public void close() {
      if (latent != null) {
        latent.close();
      } else {
        model.close();
      }
    }
  }

  /** Every score of the bundle through core's scorer. */
  private static final class OrtScorer implements Workload {

    private final Scorer scorer;
    private final Set<Score> scores;

    OrtScorer(Scorer scorer) {
      this.scorer = scorer;
      this.scores = scorer.available();
    }

    @Override
    public String id() {
      return ORT_SCORER;
    }

    @Override
    public String label() {
      return "ORT scorer, all scores";
    }

    @Override
    public double[] run(Batch batch) {
      ScoreTable table = scorer.score(batch.chw(), scores);
      return table.column(Score.LOG_PX);
    }

    @Override
    public void close() {
      scorer.close();
    }
  }

  /** Every score plus the calibration's evidence maps and the local score. */
  private static final class OrtScorerWithMaps implements Workload {

    private final Scorer scorer;
    private final Set<Score> scores;
    private final MapReference reference;
    private final MapKind kind;

    OrtScorerWithMaps(Scorer scorer, MapReference reference) {
      this.scorer = scorer;
      this.scores = scorer.available();
      this.reference = reference;
      this.kind = MapKind.of(reference.map());
    }

    @Override
    public String id() {
      return ORT_SCORER_MAPS;
    }

    @Override
    public String label() {
      return "ORT scorer, all scores + " + reference.map() + " maps and local";
    }

    @Override
    public double[] run(Batch batch) {
      ScoreTable table =
          LocalScores.add(
              scorer.score(
                  new ScoreRequest(batch.chw(), null, scores, kind, reference.needsSigned())),
              reference);
      return table.column(Score.LOG_PX);
    }

    @Override
    public void close() {
      scorer.close();
    }
  }

  /** The trainer's own network on libtorch, eager, weights read from the bundle. */
  private static final class DjlEager implements Workload {

    private final BundleWeights.Loaded loaded;
    private final NDManager manager;
    private final DjlOps ops;
    private final long seed;
    private final int samples;

    private DjlEager(BundleWeights.Loaded loaded, long seed, int samples) {
      this.loaded = loaded;
      this.manager = NDManager.newBaseManager();
      this.ops = DjlOps.forEvaluation(loaded.params(), manager);
      this.seed = seed;
      this.samples = samples;
    }

    static DjlEager open(BenchTarget target) {
      setLibtorchThreads(target.threads());
      Bundle bundle = target.bundle();
      return new DjlEager(
          BundleWeights.load(bundle),
          ImportanceSampling.seed(bundle),
          ImportanceSampling.defaultSamples(bundle));
    }

    @Override
    public String id() {
      return DJL_EAGER;
    }

    @Override
    public String label() {
      return "DJL eager";
    }

    @Override
    public String engine() {
      return "libtorch";
    }

    @Override
    public double[] run(Batch batch) {
      if (loaded.model() instanceof LatentNetwork latent) {
        float[][] noise = ImportanceSampling.noise(seed, batch.rows(), samples, latent.noiseDims());
        return ImportanceSampling.bounds(
                LatentEvaluator.logWeights(latent, ops, batch.flat(), batch.size(), noise))
            .iwae();
      }
      float[] lp =
          Evaluator.logPx((DensityNetwork) loaded.model(), ops, batch.flat(), batch.size());
      double[] out = new double[lp.length];
      for (int i = 0; i < lp.length; i++) {
        out[i] = lp[i];
      }
      return out;
    }

    @Override
    public void close() {
      try {
        manager.close();
      } finally {
        loaded.close();
      }
    }
  }

  /** The PixelCNN logits graph on ONNX Runtime. */
  private static final class OrtConditionals implements Workload {

    private final GraphSession graph;
    private final int dims;

    private OrtConditionals(GraphSession graph, int dims) {
      this.graph = graph;
      this.dims = dims;
    }

    static OrtConditionals open(BenchTarget target) {
      Bundle bundle = target.bundle();
      return new OrtConditionals(
          GraphSession.open(
              bundle.graphFile(BundleContract.Role.CONDITIONALS), target.onnxOptions()),
          bundle.manifest().input().dims());
    }

    @Override
    public String id() {
      return ORT_CONDITIONALS;
    }

    @Override
    public String label() {
      return "ORT conditionals";
    }

    @Override
    public double[] run(Batch batch) {
      int n = batch.size();
      try (OnnxTensor x = GraphSession.matrix(FloatBuffer.wrap(batch.flat()), n, dims);
          OrtSession.Result result = graph.run(Map.of(Tensor.IMAGE, x), null)) {
        if (result.size() == 0) {
          throw new OnnxModelException(graph.file() + ": the conditionals graph returned nothing");
        }
        return null;
      } catch (OrtException e) {
        throw graph.failed("conditionals pass", e);
      }
    }

    @Override
    public void close() {
      graph.close();
    }
  }
}
