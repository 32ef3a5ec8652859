package io.flowspect.service.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The repository's operations files as the tests read them: {@code deploy/} and {@code
 * dashboards/}, found from the module directory Surefire runs in.
 */
final class Repo {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

  private Repo() {}

  /**
   * Returns the repository root: the nearest ancestor of the working directory holding {@code
   * deploy/}, {@code dashboards/} and {@code pom.xml}.
   *
   * @return the root
   */
  static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy"))
          && Files.isDirectory(p.resolve("dashboards"))
          && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no repository root with deploy/ and dashboards/ above " + Path.of("").toAbsolutePath());
  }

  static Path deploy() {
    return root().resolve("deploy");
  }

  static Path dashboards() {
    return root().resolve("dashboards");
  }

  /**
   * Lists the files under a folder whose names end with one of the suffixes.
   *
   * @param dir the folder
   * @param suffixes e.g. {@code .yaml}
   * @return the files, sorted, in a list the caller may change
   */
  static List<Path> files(Path dir, String... suffixes) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(
              p -> {
                String n = p.getFileName().toString();
                for (String suffix : suffixes) {
                  if (n.endsWith(suffix)) {
                    return true;
                  }
                }
                return false;
              })
          .sorted()
          .collect(Collectors.toCollection(ArrayList::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads every document of a YAML file (Kubernetes files may hold several, separated by {@code
   * ---}).
   *
   * @param file the file
   * @return the documents, none empty
   */
  static List<JsonNode> yamlDocuments(Path file) {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          out.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
    return out;
  }

  /**
   * Reads a YAML file with exactly one document.
   *
   * @param file the file
   * @return the document
   */
  static JsonNode yaml(Path file) {
    List<JsonNode> docs = yamlDocuments(file);
    if (docs.size() != 1) {
      throw new IllegalStateException(file + " holds " + docs.size() + " documents, expected 1");
    }
    return docs.get(0);
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the service's application.properties.
   *
   * @return the properties, profile-specific keys ({@code %test.}) included as written
   */
  static Properties applicationProperties() {
    Properties p = new Properties();
    try (var in =
        Files.newBufferedReader(
            root().resolve("service/src/main/resources/application.properties"))) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /**
   * Returns the port the service listens on outside tests ({@code quarkus.http.port}).
   *
   * @return the port
   */
  static int httpPort() {
    return Integer.parseInt(applicationProperties().getProperty("quarkus.http.port", "8080"));
  }
}
