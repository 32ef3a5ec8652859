package io.flowspect.core.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Seals a bundle directory: checksums every file in it and writes {@code manifest.json} last.
 *
 * <p>Why last and atomically: a directory without a manifest is not a bundle, so a reader never
 * sees a half-written one, and the checksums freeze the content so that {@link Bundle#open} detects
 * any later modification. Stateless; do not write the same directory from two threads.
 */
public final class BundleWriter {

  private static final String TEMP_PREFIX = ".manifest-";
  private static final String TEMP_SUFFIX = ".tmp";

  private BundleWriter() {}

  /**
   * Computes the SHA-256 of every regular file under {@code dir} (recursively, except manifest.json
   * and the {@link SidecarFiles}; paths relative with '/' separators) and writes manifest.json,
   * pretty-printed, with {@code files} filled in; any {@code files} of the argument are replaced.
   * The manifest is written to a temporary file and moved into place.
   *
   * @param dir an existing directory holding the bundle's files
   * @param manifestWithoutFiles the manifest to write
   * @return the manifest as written, with {@code files}
   * @throws IllegalArgumentException if dir is not a directory
   * @throws BundleException if a graph's file is not in the directory or writing fails
   */
  public static Manifest write(Path dir, Manifest manifestWithoutFiles) {
    if (dir == null || manifestWithoutFiles == null) {
      throw new IllegalArgumentException("dir and manifestWithoutFiles must not be null");
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": not a directory");
    }
    Map<String, String> files = checksums(dir);
    manifestWithoutFiles
        .graphs()
        .forEach(
            (role, graph) -> {
              if (!files.containsKey(graph.file())) {
                throw new BundleException(
                    dir
                        + ": graph '"
                        + role
                        + "' refers to "
                        + graph.file()
                        + ", which is not a file of the bundle");
              }
            });
    Manifest manifest = manifestWithoutFiles.withFiles(files);
    writeManifest(dir, manifest);
    return manifest;
  }

  /**
   * Edits the manifest of an existing bundle without touching its files or their checksums: for the
   * fields that are decided after export (the default score an evaluation chose, the background
   * bundle trained later). The bundle is verified first, so an edit never blesses a tampered file;
   * files added since the export (calibrations) stay outside the checksums.
   *
   * @param dir the bundle directory
   * @param edit the change; it must keep {@code files}
   * @return the manifest as written
   * @throws BundleException if the bundle does not verify or the edit changes its files
   */
  public static Manifest update(Path dir, UnaryOperator<Manifest> edit) {
    Bundle bundle = Bundle.open(dir);
    Manifest edited = edit.apply(bundle.manifest());
    if (!edited.files().equals(bundle.manifest().files())
        || !edited.graphs().equals(bundle.manifest().graphs())) {
      throw new BundleException(
          bundle.dir() + ": a manifest update must not change the bundle's files or graphs");
    }
    writeManifest(bundle.dir(), edited);
    return edited;
  }

  /**
   * Replaces a bundle's graphs with those of a freshly exported copy of the same model (a re-export
   * from its checkpoint after an upgrade added outputs): copies the staged bundle's files over the
   * old ones, deletes old files the new manifest no longer lists and writes the new manifest last.
   * Files outside the checksums (calibrations) stay as they are.
   *
   * @param dir the bundle directory; it is verified first
   * @param staged a directory holding the new bundle's files
   * @param manifest the new manifest, with {@code files} checksummed from {@code staged}
   * @return the manifest as written
   * @throws BundleException if the bundle does not verify, the id or input differs, or copying
   *     fails
   */
  public static Manifest replaceGraphs(Path dir, Path staged, Manifest manifest) {
    Bundle bundle = Bundle.open(dir);
    Manifest old = bundle.manifest();
    if (!old.id().equals(manifest.id())
        || !old.family().equals(manifest.family())
        || !old.input().equals(manifest.input())) {
      throw new BundleException(
          bundle.dir()
              + ": the new graphs are of "
              + manifest.id()
              + " ("
              + manifest.family()
              + "), the bundle is "
              + old.id()
              + " ("
              + old.family()
              + ") with another id, family or input");
    }
    try {
      for (String file : manifest.files().keySet()) {
        Path target = bundle.dir().resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(staged.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
      }
      for (String file : old.files().keySet()) {
        if (!manifest.files().containsKey(file)) {
          Files.deleteIfExists(bundle.dir().resolve(file));
        }
      }
    } catch (IOException e) {
      throw new BundleException(bundle.dir() + ": cannot replace the graphs: " + e, e);
    }
    writeManifest(bundle.dir(), manifest);
    return manifest;
  }

  private static void writeManifest(Path dir, Manifest manifest) {
    byte[] json = (manifest.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
    Path target = dir.resolve(Manifest.FILE_NAME);
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
      Files.write(temp, json);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new BundleException(dir + ": cannot write " + Manifest.FILE_NAME + ": " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Best effort: the failure that got us here is the one to report.
        }
      }
    }
  }

  /**
   * Relative path ('/' separated) to checksum, sorted, for every file except the manifest and the
   * sidecar files (calibrations change without a new export).
   */
  static Map<String, String> checksums(Path dir) {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
    } catch (IOException | UncheckedIOException e) {
      throw new BundleException(dir + ": cannot list the bundle's files: " + e, e);
    }
    Map<String, String> files = new TreeMap<>();
    for (Path p : paths) {
      String rel = Bundle.relativeName(dir, p);
      String name = p.getFileName().toString();
      if (rel.equals(Manifest.FILE_NAME)
          || SidecarFiles.NAMES.contains(rel)
          || (p.getParent().equals(dir)
              && name.startsWith(TEMP_PREFIX)
              && name.endsWith(TEMP_SUFFIX))) {
        continue;
      }
      try {
        files.put(rel, Sha256.ofFile(p));
      } catch (UncheckedIOException e) {
        throw new BundleException(dir + ": cannot read " + rel + ": " + e.getMessage(), e);
      }
    }
    return files;
  }
}
