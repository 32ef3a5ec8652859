package io.flowspect.core.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An opened, verified model bundle: a directory with manifest.json and the files it lists.
 *
 * <p>Opening verifies everything up front (format version, presence and SHA-256 of every listed
 * file, graphs covered by checksums), so that a service either starts with exactly the model that
 * was exported or refuses with a message naming the bundle and the file. Files present in the
 * directory but not listed are ignored.
 *
 * <p>Immutable and thread-safe. It holds paths, not open files.
 */
public final class Bundle {

  /** The largest file a bundle may list: 2 GiB, ONNX's own ceiling for a serialised graph. */
  public static final long MAX_FILE_BYTES = 2L * 1024 * 1024 * 1024;

  private final Path dir;
  private final Manifest manifest;

  private Bundle(Path dir, Manifest manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /**
   * Opens and verifies a bundle.
   *
   * @param dir the bundle directory
   * @return the bundle
   * @throws BundleException if the directory or manifest is missing or unreadable, the format
   *     version is unsupported, a listed file is missing, a symbolic link, larger than {@link
   *     #MAX_FILE_BYTES} or differs from its checksum, or a graph file is not listed
   */
  public static Bundle open(Path dir) {
    if (dir == null) {
      throw new IllegalArgumentException("dir must not be null");
    }
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new BundleException(abs + ": no such bundle directory");
    }
    Path manifestFile = abs.resolve(Manifest.FILE_NAME);
    if (Files.isSymbolicLink(manifestFile)) {
      throw new BundleException(
          abs
              + ": "
              + Manifest.FILE_NAME
              + " is a symbolic link; a bundle's files must be its own");
    }
    if (!Files.isRegularFile(manifestFile)) {
      throw new BundleException(
          abs + ": " + Manifest.FILE_NAME + " is missing, so this is not a model bundle");
    }
    Manifest manifest;
    try {
      String json = Files.readString(manifestFile, StandardCharsets.UTF_8);
      manifest = Manifest.fromJson(json);
    } catch (IOException e) {
      throw new BundleException(abs + ": cannot read " + Manifest.FILE_NAME + ": " + e, e);
    } catch (IllegalArgumentException e) {
      throw new BundleException(abs + ": " + Manifest.FILE_NAME + ": " + e.getMessage(), e);
    }
    for (Map.Entry<String, String> entry : manifest.files().entrySet()) {
      String name = entry.getKey();
      Path file = resolveInside(abs, name);
      if (!Files.isRegularFile(file)) {
        throw new BundleException(
            abs + ": " + name + " is listed in " + Manifest.FILE_NAME + " but missing");
      }
      requireOwnFile(abs, name, file);
      String actual;
      try {
        actual = Sha256.ofFile(file);
      } catch (UncheckedIOException e) {
        throw new BundleException(abs + ": cannot read " + name + ": " + e.getMessage(), e);
      }
      if (!actual.equalsIgnoreCase(entry.getValue())) {
        throw new BundleException(
            abs
                + ": "
                + name
                + ": SHA-256 mismatch (manifest "
                + entry.getValue()
                + ", file "
                + actual
                + "): the bundle was modified after export");
      }
    }
    manifest
        .graphs()
        .forEach(
            (role, graph) -> {
              if (!manifest.files().containsKey(graph.file())) {
                throw new BundleException(
                    abs
                        + ": graph '"
                        + role
                        + "' file "
                        + graph.file()
                        + " is not listed in the files of "
                        + Manifest.FILE_NAME
                        + ", so it cannot be verified");
              }
            });
    return new Bundle(abs, manifest);
  }

  /**
   * Returns the bundle directory.
   *
   * @return absolute, normalised path
   */
  public Path dir() {
    return dir;
  }

  /**
   * Returns the verified manifest.
   *
   * @return the manifest
   */
  public Manifest manifest() {
    return manifest;
  }

  /**
   * Returns the file of the graph with the given role.
   *
   * @param role e.g. "density"
   * @return the graph's path inside the bundle
   * @throws IllegalArgumentException if the bundle has no such graph; the message lists the roles
   */
  public Path graphFile(String role) {
    GraphSpec graph = role == null ? null : manifest.graphs().get(role);
    if (graph == null) {
      throw new IllegalArgumentException(
          dir
              + ": no graph with role '"
              + role
              + "'; available roles: "
              + manifest.graphs().keySet());
    }
    return resolveInside(dir, graph.file());
  }

  /**
   * Returns the background bundle's directory, resolved against this bundle's directory. It must
   * lie in the folder that holds this bundle (the models folder), as {@code ../NAME-bg} does: a
   * manifest cannot send the scorer to load a model from anywhere else on the machine.
   *
   * @return the directory, or empty when the manifest names none
   * @throws BundleException if the path leaves the models folder
   */
  public Optional<Path> backgroundDir() {
    String background = manifest.background();
    if (background == null || background.isBlank()) {
      return Optional.empty();
    }
    Path models = dir.getParent();
    Path resolved = dir.resolve(background).normalize();
    if (models == null
        || !resolved.startsWith(models)
        || resolved.equals(models)
        || resolved.equals(dir)) {
      throw new BundleException(
          dir
              + ": background "
              + background
              + " in "
              + Manifest.FILE_NAME
              + " leaves the models folder "
              + models
              + "; a background bundle must sit beside the bundle");
    }
    return Optional.of(resolved);
  }

  @Override
  public String toString() {
    return "Bundle[" + dir + ", " + manifest.family() + " " + manifest.id() + "]";
  }

  /**
   * Refuses a listed file that is a symbolic link, lies behind one outside the bundle, or is larger
   * than {@link #MAX_FILE_BYTES}, before anything reads it. Why: a link can point the checksum and
   * ONNX Runtime at a file that someone else controls and changes after the check, and a huge file
   * would be hashed and loaded into memory before anything else could refuse it.
   */
  private static void requireOwnFile(Path dir, String name, Path file) {
    long size;
    try {
      if (Files.isSymbolicLink(file) || !file.toRealPath().startsWith(dir.toRealPath())) {
        throw new BundleException(
            dir
                + ": "
                + name
                + " is a symbolic link or lies behind one; a bundle's files must be its own, so"
                + " that its checksums describe what is loaded");
      }
      size = Files.size(file);
    } catch (IOException e) {
      throw new BundleException(dir + ": cannot read " + name + ": " + e, e);
    }
    if (size > MAX_FILE_BYTES) {
      throw new BundleException(
          dir
              + ": "
              + name
              + " is "
              + size
              + " bytes, above the limit of "
              + MAX_FILE_BYTES
              + " bytes per bundle file (2 GiB, ONNX's own ceiling for a graph)");
    }
  }

  /** Resolves a manifest path, refusing absolute paths and paths that leave the bundle. */
  static Path resolveInside(Path dir, String name) {
    Path file = dir.resolve(name).normalize();
    if (name.isBlank() || name.contains("\\") || !file.startsWith(dir) || file.equals(dir)) {
      throw new BundleException(
          dir + ": " + name + " in " + Manifest.FILE_NAME + " is not a path inside the bundle");
    }
    return file;
  }

  /** Path of {@code file} relative to {@code dir}, '/' separated on every platform. */
  static String relativeName(Path dir, Path file) {
    StringBuilder s = new StringBuilder();
    for (Path part : dir.relativize(file)) {
      if (s.length() > 0) {
        s.append('/');
      }
      s.append(part);
    }
    return s.toString();
  }
}
