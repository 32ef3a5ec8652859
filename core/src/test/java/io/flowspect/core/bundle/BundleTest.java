package io.flowspect.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.onnx.OnnxTestModels;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTest {

  private static final InputSpec SPEC = new InputSpec(1, 2, 3, ResizeMode.RESIZE);

  @TempDir Path tmp;

  /** model.onnx holds "graph", extra/notes.txt holds "hello"; sealed. */
  private Path sealed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bundle"));
    Files.writeString(dir.resolve("model.onnx"), "graph");
    Files.createDirectories(dir.resolve("extra"));
    Files.writeString(dir.resolve("extra/notes.txt"), "hello");
    BundleWriter.write(dir, OnnxTestModels.sampleManifest(SPEC));
    return dir;
  }

  @Test
  void writerChecksumsEveryFileExceptTheManifest() throws Exception {
    Path dir = sealed();

    Bundle bundle = Bundle.open(dir);

    assertThat(bundle.manifest().files())
        .containsExactly(
            Map.entry(
                "extra/notes.txt",
                "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
            Map.entry(
                "model.onnx",
                "sha256:eef93e1d14482804277fca0172464032d1a4fdbcc338524059fa1e861454ad4d"));
    assertThat(bundle.manifest().withFiles(Map.of()))
        .isEqualTo(OnnxTestModels.sampleManifest(SPEC));
    assertThat(bundle.dir()).isEqualTo(dir.toAbsolutePath());
    assertThat(bundle.graphFile("density")).isEqualTo(dir.toAbsolutePath().resolve("model.onnx"));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("model.onnx", "extra", "manifest.json");
    }
  }

  @Test
  void calibrationsStayOutsideTheChecksums() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("calibrated"));
    Files.writeString(dir.resolve("model.onnx"), "graph");
    Files.writeString(dir.resolve(SidecarFiles.CALIBRATION), "{\"threshold\": 1}");
    Files.writeString(dir.resolve(SidecarFiles.TILED_CALIBRATION), "{}");

    Manifest written = BundleWriter.write(dir, OnnxTestModels.sampleManifest(SPEC));
    Files.writeString(dir.resolve(SidecarFiles.CALIBRATION), "{\"threshold\": 2}");

    assertThat(written.files()).containsOnlyKeys("model.onnx");
    assertThat(Bundle.open(dir).manifest()).isEqualTo(written);
  }

  @Test
  void unknownRoleNamesTheAvailableOnes() throws Exception {
    Bundle bundle = Bundle.open(sealed());

    assertThatThrownBy(() -> bundle.graphFile("background"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("no graph with role 'background'; available roles: [density]");
  }

  @Test
  void modifiedFileIsRefused() throws Exception {
    Path dir = sealed();
    String recorded = Bundle.open(dir).manifest().files().get("model.onnx");
    Files.writeString(dir.resolve("model.onnx"), "grapH");

    assertThatThrownBy(() -> Bundle.open(dir))
        .isInstanceOf(BundleException.class)
        .hasMessage(
            dir.toAbsolutePath()
                + ": model.onnx: SHA-256 mismatch (manifest "
                + recorded
                + ", file sha256:f2315e0ce55c0fe7c2e7ed42bff1404d060e7fc1d5dc7f5553eaa51de9db4843"
                + "): the bundle was modified after export");
  }

  @Test
  void missingFileIsRefused() throws Exception {
    Path dir = sealed();
    Files.delete(dir.resolve("extra/notes.txt"));

    assertThatThrownBy(() -> Bundle.open(dir))
        .isInstanceOf(BundleException.class)
        .hasMessage(
            dir.toAbsolutePath() + ": extra/notes.txt is listed in manifest.json but missing");
  }

  @Test
  void futureFormatVersionIsRefused() throws Exception {
    Path dir = sealed();
    Path manifest = dir.resolve("manifest.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"format_version\" : 1", "\"format_version\" : 7"));

    assertThatThrownBy(() -> Bundle.open(dir))
        .isInstanceOf(BundleException.class)
        .hasMessage(
            dir.toAbsolutePath()
                + ": manifest.json: format_version 7 is newer than the newest supported, 1:"
                + " upgrade flowspect to read this bundle");
  }

  @Test
  void graphFileMustExistWhenWritingAndBeListedWhenOpening() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("nograph"));
    Manifest manifest = OnnxTestModels.sampleManifest(SPEC);

    assertThatThrownBy(() -> BundleWriter.write(dir, manifest))
        .isInstanceOf(BundleException.class)
        .hasMessage(
            dir + ": graph 'density' refers to model.onnx, which is not a file of the bundle");

    Files.writeString(dir.resolve("manifest.json"), manifest.toJson());
    Files.writeString(dir.resolve("model.onnx"), "unlisted");
    assertThatThrownBy(() -> Bundle.open(dir))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("graph 'density' file model.onnx is not listed");
  }

  @Test
  void pathsLeavingTheBundleAreRefused() throws Exception {
    Path dir = sealed();
    Files.writeString(tmp.resolve("outside"), "x");
    Manifest escaping =
        Bundle.open(dir)
            .manifest()
            .withFiles(Map.of("model.onnx", "sha256:00", "../outside", "sha256:00"));
    Files.writeString(dir.resolve("manifest.json"), escaping.toJson());

    assertThatThrownBy(() -> Bundle.open(dir))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("../outside in manifest.json is not a path inside the bundle");
  }

  /** A listed file that is a link, even to the same bytes, is refused before it is read. */
  @Test
  void symbolicLinksAreRefused() throws Exception {
    Path dir = sealed();
    Path elsewhere = tmp.resolve("elsewhere.onnx");
    Files.writeString(elsewhere, "graph");
    Files.delete(dir.resolve("model.onnx"));
    Files.createSymbolicLink(dir.resolve("model.onnx"), elsewhere);
    assertThatThrownBy(() -> Bundle.open(dir))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("model.onnx is a symbolic link or lies behind one");

    // A linked folder inside the bundle, pointing outside it.
    Path linked = sealed2();
    Path outside = Files.createDirectories(tmp.resolve("outside-extra"));
    Files.writeString(outside.resolve("notes.txt"), "hello");
    Files.delete(linked.resolve("extra/notes.txt"));
    Files.delete(linked.resolve("extra"));
    Files.createSymbolicLink(linked.resolve("extra"), outside);
    assertThatThrownBy(() -> Bundle.open(linked))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("extra/notes.txt is a symbolic link or lies behind one");

    // The bundle folder itself may be a link (a "current" release pointing at a version).
    Path current = tmp.resolve("current");
    Files.createSymbolicLink(current, sealed3());
    assertThat(Bundle.open(current).manifest().files()).hasSize(2);
  }

  /** A graph above ONNX's 2 GiB ceiling is refused before it is hashed or loaded. */
  @Test
  void oversizedFilesAreRefusedBeforeTheyAreRead() throws Exception {
    Path dir = sealed();
    // Sparse: no disk is used, and nothing reads it if the check comes first.
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("model.onnx").toFile(), "rw")) {
      f.setLength(Bundle.MAX_FILE_BYTES + 1);
    }
    assertThatThrownBy(() -> Bundle.open(dir))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("model.onnx is 2147483649 bytes, above the limit of 2147483648");
  }

  /** A background bundle must sit beside the bundle, in the folder that holds it. */
  @Test
  void backgroundsLeavingTheModelsFolderAreRefused() throws Exception {
    Path dir = sealed();
    Manifest m = Bundle.open(dir).manifest();
    Files.writeString(dir.resolve("manifest.json"), m.withBackground("../bundle-bg").toJson());
    assertThat(Bundle.open(dir).backgroundDir())
        .contains(tmp.resolve("bundle-bg").toAbsolutePath());
    for (String escaping : new String[] {"../../elsewhere", "..", ".", "/etc"}) {
      Files.writeString(dir.resolve("manifest.json"), m.withBackground(escaping).toJson());
      assertThatThrownBy(() -> Bundle.open(dir).backgroundDir())
          .as(escaping)
          .isInstanceOf(BundleException.class)
          .hasMessageContaining("leaves the models folder");
    }
  }

  private Path sealed2() throws Exception {
    return sealedAt("bundle2");
  }

  private Path sealed3() throws Exception {
    return sealedAt("bundle3");
  }

  private Path sealedAt(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("model.onnx"), "graph");
    Files.createDirectories(dir.resolve("extra"));
    Files.writeString(dir.resolve("extra/notes.txt"), "hello");
    BundleWriter.write(dir, OnnxTestModels.sampleManifest(SPEC));
    return dir;
  }

  @Test
  void missingDirectoryManifestOrJsonAreRefused() throws Exception {
    Path none = tmp.resolve("none");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path garbage = Files.createDirectories(tmp.resolve("garbage"));
    Files.writeString(garbage.resolve("manifest.json"), "{\"format_version\": ");

    assertThatThrownBy(() -> Bundle.open(none))
        .isInstanceOf(BundleException.class)
        .hasMessage(none.toAbsolutePath() + ": no such bundle directory");
    assertThatThrownBy(() -> Bundle.open(empty))
        .isInstanceOf(BundleException.class)
        .hasMessage(
            empty.toAbsolutePath() + ": manifest.json is missing, so this is not a model bundle");
    assertThatThrownBy(() -> Bundle.open(garbage))
        .isInstanceOf(BundleException.class)
        .hasMessageStartingWith(garbage.toAbsolutePath() + ": manifest.json: not valid JSON");
  }

  @Test
  void rewritingReplacesTheManifestAndItsChecksums() throws Exception {
    Path dir = sealed();
    Manifest before = Bundle.open(dir).manifest();
    Files.writeString(dir.resolve("extra/notes.txt"), "changed on purpose");

    BundleWriter.write(dir, before);

    assertThat(Bundle.open(dir).manifest().files().get("extra/notes.txt"))
        .isEqualTo("sha256:cec7d8d9dcb9ba54727bcc7230e676321210726309312590f766015c42b618c6");
  }

  @Test
  void updateChangesDecidedFieldsAndKeepsTheChecksums() throws Exception {
    Path dir = sealed();
    Manifest before = Bundle.open(dir).manifest();
    Files.writeString(dir.resolve("calibration.json"), "{}");

    BundleWriter.update(dir, m -> m.withDefaultScore("llr").withBackground("../bg"));

    Manifest after = Bundle.open(dir).manifest();
    assertThat(after.defaultScore()).isEqualTo("llr");
    assertThat(after.background()).isEqualTo("../bg");
    assertThat(after.files()).isEqualTo(before.files()).doesNotContainKey("calibration.json");
    assertThat(after.withDefaultScore(before.defaultScore()).withBackground(null))
        .isEqualTo(before);
  }

  @Test
  void updateRefusesATamperedBundleAndEditsOfTheFiles() throws Exception {
    Path dir = sealed();
    assertThatThrownBy(() -> BundleWriter.update(dir, m -> m.withFiles(Map.of())))
        .isInstanceOf(BundleException.class)
        .hasMessageEndingWith("a manifest update must not change the bundle's files or graphs");

    Files.writeString(dir.resolve("model.onnx"), "grapH");

    assertThatThrownBy(() -> BundleWriter.update(dir, m -> m.withDefaultScore("llr")))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("model.onnx: SHA-256 mismatch");
    assertThat(Files.readString(dir.resolve("manifest.json"))).doesNotContain("\"llr\"");
  }
}
