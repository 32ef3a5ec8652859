package io.flowspect.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dockerfiles (no Docker here: read as text): they copy what exists and what their ignore file
 * lets into the context, build the service module, expose the service's port, and the CUDA one
 * builds with the Maven profile that swaps in onnxruntime_gpu.
 */
class DockerfilesTest {

  private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(?!--from)(.+)$");
  private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
  void shouldBuildTheServiceFromFilesInTheContext(String name) {
    Path file = Repo.deploy().resolve(name);
    String text = Repo.text(file);
    List<String> ignore =
        Repo.text(Repo.deploy().resolve(name + ".dockerignore"))
            .lines()
            .map(String::trim)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(ignore.get(0)).as("ignore everything, then allow").isEqualTo("*");
    Matcher copy = COPY.matcher(text);
    List<String> sources = new ArrayList<>();
    while (copy.find()) {
      String[] parts = copy.group(1).trim().split("\\s+");
      for (int i = 0; i < parts.length - 1; i++) {
        if (!parts[i].startsWith("--")) {
          sources.add(parts[i]);
        }
      }
    }
    assertThat(sources).contains("mvnw", "pom.xml", "core", "service");
    for (String s : sources) {
      assertThat(Repo.root().resolve(s)).as("COPY source %s", s).exists();
      assertThat(ignore)
          .as("%s.dockerignore lets %s into the context", name, s)
          .anyMatch(l -> l.equals("!" + s) || l.equals("!" + s + "/"));
    }
    assertThat(ignore).doesNotContain("!models/", "!models", "!data/");
    assertThat(text).contains("-pl service -am package").contains("/service/target/quarkus-app/");
    assertThat(text).containsPattern("(?m)^EXPOSE " + Repo.httpPort() + "$");
    assertThat(text).containsPattern("(?m)^USER \\d+");
    Matcher from = FROM.matcher(text);
    while (from.find()) {
      assertThat(from.group(1)).as("base image pinned to a tag").matches("[^:]+:[^:]+");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cuda"})
  void shouldUseTheCudaBuildOfOnnxRuntime(String name) {
    String text = Repo.text(Repo.deploy().resolve(name));
    assertThat(text).contains("-Pcuda").contains("FLOWSPECT_MODELS_PROVIDER=cuda");
    assertThat(text).containsPattern("(?m)^FROM nvidia/cuda:12\\.[^ ]*cudnn[^ ]*runtime");
    String pom = Repo.text(Repo.root().resolve("pom.xml"));
    assertThat(pom)
        .containsPattern(
            "(?s)<id>cuda</id>\\s*<properties>\\s*<onnxruntime.artifact>onnxruntime_gpu"
                + "</onnxruntime.artifact>");
    assertThat(Repo.text(Repo.deploy().resolve("Dockerfile"))).doesNotContain("-Pcuda");
  }
}
