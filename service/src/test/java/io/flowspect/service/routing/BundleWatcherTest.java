package io.flowspect.service.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.service.support.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle changed on disk is reloaded once the change has settled, and a broken one is not. */
class BundleWatcherTest {

  private static final OnnxOptions ONNX = new OnnxOptions(ExecutionProvider.CPU, 1, 1);

  @TempDir Path dir;

  private static double alpha(ModelRouter router) {
    return router.models().iterator().next().detector().calibration().orElseThrow().alpha();
  }

  /** Modification times can be coarse: move them on explicitly. */
  private static void touch(Path file, int seconds) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(seconds)));
  }

  @Test
  void shouldReloadABundleOnceItsChangeHasSettled() throws IOException {
    try (Stream<Path> files = Files.list(TestBundles.made())) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    try (ModelRouter router = ModelRouter.open(Routes.defaultOnly(dir), ONNX, 8)) {
      BundleWatcher watcher = new BundleWatcher(router);
      assertThat(watcher.poll()).isZero();
      assertThat(watcher.poll()).isZero();

      // flowspect calibrate writes a new calibration.json.
      Bundle bundle = Bundle.open(dir);
      Calibration current = CalibrationFile.read(bundle).orElseThrow();
      CalibrationFile.write(bundle, Thresholds.withAlpha(current, 0.1));
      touch(dir.resolve(Calibration.FILE_NAME), 5);
      assertThat(watcher.poll()).as("changed, not settled yet").isZero();
      assertThat(alpha(router)).isEqualTo(0.02);
      assertThat(watcher.poll()).as("settled").isEqualTo(1);
      assertThat(alpha(router)).isEqualTo(0.1);
      assertThat(watcher.poll()).isZero();

      // A half-copied graph fails verification: the loaded model stays, no retry until it changes.
      Path onnx = dir.resolve("model.onnx");
      byte[] good = Files.readAllBytes(onnx);
      Files.write(onnx, new byte[] {1, 2, 3});
      touch(onnx, 10);
      assertThat(watcher.poll()).isZero();
      assertThat(watcher.poll()).isZero();
      assertThat(watcher.poll()).isZero();
      assertThat(alpha(router)).isEqualTo(0.1);
      // The copy completes.
      Files.write(onnx, good);
      touch(onnx, 15);
      assertThat(watcher.poll()).isZero();
      assertThat(watcher.poll()).isEqualTo(1);
    }
  }

  /**
   * A bundle tampered with on disk (a graph changed without a new manifest) is refused once, with
   * the reason, and the model loaded before it keeps scoring.
   */
  @Test
  void reportsATamperedBundleOnceAndKeepsTheOldModelScoring() throws IOException {
    try (Stream<Path> files = Files.list(TestBundles.made())) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    List<String> refusals = new ArrayList<>();
    try (ModelRouter router = ModelRouter.open(Routes.defaultOnly(dir), ONNX, 8)) {
      BundleWatcher watcher =
          new BundleWatcher(
              router, (entry, e) -> refusals.add(entry.model().ref().id() + ": " + e.getMessage()));
      assertThat(watcher.poll()).isZero();
      Path onnx = dir.resolve("model.onnx");
      byte[] graph = Files.readAllBytes(onnx);
      graph[graph.length - 1] ^= 1;
      Files.write(onnx, graph);
      touch(onnx, 10);
      for (int i = 0; i < 4; i++) {
        assertThat(watcher.poll()).isZero();
      }
      assertThat(refusals).hasSize(1);
      assertThat(refusals.get(0)).startsWith("fmnist-made-tiny: ").contains("SHA-256 mismatch");
      byte[] image = new byte[28 * 28];
      assertThat(router.models().iterator().next().detector().judge(List.of(image)).size())
          .isEqualTo(1);
    }
  }
}
