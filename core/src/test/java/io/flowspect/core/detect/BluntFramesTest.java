package io.flowspect.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.NonFinite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ten obviously broken frames through every committed reference bundle: every score finite, every
 * blunt frame (all but the garment with a small foreign object, a local defect the global default
 * scores may miss) judged anomalous. Before, the MAF gave NaN for seven of them and judged them
 * normal at p = 1, and Glow gave an infinite log-likelihood for two.
 */
class BluntFramesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path FASHION =
      Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "fmnist-glow",
        "fmnist-maf",
        "fmnist-pixelcnn",
        "fmnist-vae",
        "fmnist-hvae",
        "fmnist-fvsbn",
        "fmnist-nade",
        "fmnist-rnade",
        "fmnist-gaussianization",
        "fmnist-pixelrnn",
        "fmnist-diffusion",
        "fmnist-mintnet"
      })
  void everyScoreIsFiniteAndEveryBluntFrameIsFlagged(String name) {
    Bundle bundle = Bundle.open(ROOT.resolve("models").resolve(name));
    assertThat(FASHION).as("install dataset-fashion-mnist, as .ci/run does").exists();
    byte[] garment =
        ImageDatasets.load(FASHION, bundle.manifest().input(), ImageLimits.defaults())
            .images()
            .get(0)
            .chw();
    Map<String, byte[]> frames = BluntFrames.all(garment);
    List<String> names = new ArrayList<>(frames.keySet());
    try (Detector detector = Detector.open(bundle, OnnxOptions.cpu())) {
      Verdicts verdicts = detector.judge(new ArrayList<>(frames.values()));
      int nonFinite = 0;
      for (int i = 0; i < names.size(); i++) {
        Verdict v = verdicts.verdict(i);
        String frame = name + " " + names.get(i);
        assertThat(v.value()).as(frame + " decision value").isFinite();
        assertThat(v.pValue()).as(frame + " p-value").isFinite();
        v.scores().forEach((score, value) -> assertThat(value).as(frame + " " + score).isFinite());
        v.pValues().forEach((score, p) -> assertThat(p).as(frame + " p " + score).isFinite());
        if (NonFinite.REASON.equals(v.reason())) {
          nonFinite++;
          assertThat(v.anomaly()).as(frame + " non-finite, so anomalous").isTrue();
          assertThat(v.pValue())
              .as(frame + " non-finite, so at the minimum p-value")
              .isLessThanOrEqualTo(detector.calibration().orElseThrow().alpha());
        }
        if (!names.get(i).startsWith("garment")) {
          assertThat(v.anomaly()).as(frame + " anomalous").isTrue();
        }
      }
      System.out.printf("%s: %d of %d blunt frames non-finite%n", name, nonFinite, names.size());
    }
  }
}
