package io.flowspect.service.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Relative bundle folders: the working directory first, then the base folder. */
class BundlePathsTest {

  @TempDir Path tmp;

  @Test
  void shouldPreferTheWorkingDirectoryThenTheBaseFolder() throws IOException {
    Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("models/fmnist-glow"));
    Files.createDirectories(repo.resolve("models/line-7"));
    Files.createDirectories(cwd.resolve("models/line-7"));

    Routes resolved =
        BundlePaths.resolve(
            new Routes(
                Optional.of(Path.of("models/fmnist-glow")),
                Map.of("line-7", Path.of("models/line-7"))),
            cwd,
            Optional.of(repo));

    assertThat(resolved.defaultBundle()).contains(repo.resolve("models/fmnist-glow"));
    assertThat(resolved.lines()).containsEntry("line-7", cwd.resolve("models/line-7"));
  }

  @Test
  void shouldTakeAbsoluteFoldersAsTheyAre() {
    Path absolute = tmp.resolve("not-there/../bundle");

    assertThat(
            BundlePaths.resolve(
                Routes.defaultOnly(absolute), tmp.resolve("cwd"), Optional.of(tmp.resolve("x"))))
        .extracting(Routes::defaultBundle)
        .isEqualTo(Optional.of(tmp.resolve("bundle")));
  }

  @Test
  void shouldNameBothPlacesWhenTheFolderIsNowhere() {
    assertThatThrownBy(
            () ->
                BundlePaths.resolve(
                    Routes.defaultOnly(Path.of("models/missing")),
                    tmp.resolve("cwd"),
                    Optional.of(tmp.resolve("repo"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flowspect.models.default")
        .hasMessageContaining(tmp.resolve("cwd/models/missing").toString())
        .hasMessageContaining(tmp.resolve("repo/models/missing").toString())
        .hasMessageContaining("FLOWSPECT_MODELS_DEFAULT");
    assertThatThrownBy(
            () ->
                BundlePaths.resolve(
                    Routes.defaultOnly(Path.of("models/missing")), tmp, Optional.empty()))
        .hasMessageNotContaining("base-dir");
  }
}
