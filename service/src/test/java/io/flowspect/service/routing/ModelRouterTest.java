package io.flowspect.service.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.service.support.TestBundles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swapping models under leases: a reload or a threshold change never pulls a model out from under
 * the work that leased it, and replaced sessions close when that work is done.
 */
class ModelRouterTest {

  private static final OnnxOptions ONNX = new OnnxOptions(ExecutionProvider.CPU, 1, 1);
  private static final byte[] IMAGE = new byte[28 * 28];

  @TempDir Path temp;

  private Path copy(Path bundle, String name) {
    Path target = temp.resolve(name);
    try (Stream<Path> files = Files.list(bundle)) {
      Files.createDirectories(target);
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  private static double score(LoadedModel model) {
    return model.detector().judge(List.of(IMAGE)).values()[0];
  }

  @Test
  void shouldReloadUnderALeaseAndCloseTheOldSessionsWhenTheLeaseEnds() {
    Path dir = copy(TestBundles.made(), "made");
    try (ModelRouter router = ModelRouter.open(Routes.defaultOnly(dir), ONNX, 8)) {
      assertThat(router.entries())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.key()).isEqualTo("fmnist-made-tiny");
                assertThat(e.isDefault()).isTrue();
              });
      ModelRouter.Lease batch = router.lease();
      LoadedModel old = batch.route("any-line").orElseThrow();
      double before = score(old);

      LoadedModel fresh = router.reload("fmnist-made-tiny").orElseThrow().model();

      assertThat(fresh).isNotSameAs(old);
      // The batch in flight keeps its model and its sessions.
      assertThat(batch.route("any-line")).containsSame(old);
      assertThat(score(old)).isEqualTo(before);
      // New work gets the new model.
      try (ModelRouter.Lease next = router.lease()) {
        assertThat(next.route("any-line")).containsSame(fresh);
        assertThat(score(fresh)).isEqualTo(before);
      }
      batch.close();
      assertThatThrownBy(() -> score(old)).isInstanceOf(RuntimeException.class);
      assertThat(score(fresh)).isEqualTo(before);
    }
  }

  @Test
  void shouldShareSessionsWhenOnlyTheThresholdChanges() {
    Path dir = copy(TestBundles.made(), "made");
    try (ModelRouter router = ModelRouter.open(Routes.defaultOnly(dir), ONNX, 8)) {
      LoadedModel old;
      try (ModelRouter.Lease lease = router.lease()) {
        old = lease.route(null).orElseThrow();
      }
      LoadedModel fresh =
          router
              .recalibrate("fmnist-made-tiny", c -> Thresholds.withAlpha(c, 0.1), false)
              .orElseThrow()
              .model();
      assertThat(fresh.detector().scorer()).isSameAs(old.detector().scorer());
      assertThat(fresh.calibrationSource()).isEqualTo(LoadedModel.CalibrationSource.API);
      assertThat(fresh.detector().calibration().orElseThrow().alpha()).isEqualTo(0.1);
      // The old detector's sessions are the new one's: still open.
      assertThat(score(old)).isEqualTo(score(fresh));
      // Not persisted: a reload reads calibration.json again.
      LoadedModel reloaded = router.reload("fmnist-made-tiny").orElseThrow().model();
      assertThat(reloaded.detector().calibration().orElseThrow().alpha()).isEqualTo(0.02);
      assertThat(reloaded.calibrationSource()).isEqualTo(LoadedModel.CalibrationSource.FILE);
    }
  }

  @Test
  void shouldPersistAThresholdChangeInCalibrationJson() {
    Path dir = copy(TestBundles.made(), "made");
    try (ModelRouter router = ModelRouter.open(Routes.defaultOnly(dir), ONNX, 8)) {
      double threshold =
          router
              .recalibrate("fmnist-made-tiny", c -> Thresholds.withAlpha(c, 0.1), true)
              .orElseThrow()
              .model()
              .detector()
              .calibration()
              .orElseThrow()
              .threshold();
      assertThat(CalibrationFile.read(Bundle.open(dir)).orElseThrow().threshold())
          .isEqualTo(threshold);
      LoadedModel reloaded = router.reload("fmnist-made-tiny").orElseThrow().model();
      assertThat(reloaded.detector().calibration().orElseThrow().alpha()).isEqualTo(0.1);
    }
  }

  @Test
  void shouldKeepTheLoadedModelWhenTheBundleOnDiskIsDamaged() throws IOException {
    Path dir = copy(TestBundles.made(), "made");
    try (ModelRouter router = ModelRouter.open(Routes.defaultOnly(dir), ONNX, 8)) {
      LoadedModel loaded = router.models().iterator().next();
      Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
      assertThatThrownBy(() -> router.reload("fmnist-made-tiny"))
          .isInstanceOf(BundleException.class);
      try (ModelRouter.Lease lease = router.lease()) {
        assertThat(lease.route(null)).containsSame(loaded);
        assertThat(score(loaded)).isFinite();
      }
      assertThat(router.reload("no-such-model")).isEmpty();
    }
  }

  @Test
  void shouldSwapAModelForEveryLineThatUsesIt() {
    Path made = copy(TestBundles.made(), "made");
    Path nice = copy(TestBundles.nice(), "nice");
    try (ModelRouter router =
        ModelRouter.open(
            new Routes(Optional.of(made), Map.of("a", nice, "b", nice, "c", made)), ONNX, 8)) {
      assertThat(router.entries()).hasSize(2);
      ModelEntry niceEntry = router.entry("fmnist-nice-tiny").orElseThrow();
      assertThat(niceEntry.lines()).containsExactly("a", "b");
      assertThat(niceEntry.isDefault()).isFalse();
      assertThat(router.entry("fmnist-made-tiny").orElseThrow().lines()).containsExactly("c");
      LoadedModel fresh = router.reload("fmnist-nice-tiny").orElseThrow().model();
      try (ModelRouter.Lease lease = router.lease()) {
        assertThat(lease.route("a")).containsSame(fresh);
        assertThat(lease.route("b")).containsSame(fresh);
        assertThat(lease.route("z").orElseThrow().ref().id()).isEqualTo("fmnist-made-tiny");
      }
    }
  }

  @Test
  void shouldGiveBundlesWithTheSameIdDistinctKeys() {
    Path first = copy(TestBundles.made(), "made-1");
    Path second = copy(TestBundles.made(), "made-2");
    try (ModelRouter router =
        ModelRouter.open(new Routes(Optional.of(first), Map.of("x", second)), ONNX, 8)) {
      assertThat(router.entries().stream().map(ModelEntry::key))
          .containsExactly("fmnist-made-tiny@0.1.0-test", "fmnist-made-tiny@0.1.0-test#2");
    }
  }

  @Test
  void shouldRefuseLeasesOnceClosed() {
    ModelRouter router = ModelRouter.open(Routes.defaultOnly(TestBundles.made()), ONNX, 8);
    ModelRouter.Lease lease = router.lease();
    LoadedModel model = lease.route(null).orElseThrow();
    router.close();
    // Work in flight finishes; its sessions close with its lease.
    assertThat(score(model)).isFinite();
    lease.close();
    assertThatThrownBy(() -> score(model)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(router::lease).isInstanceOf(IllegalStateException.class);
  }
}
