package io.flowspect.service.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerting rules and the compose Prometheus configuration as Prometheus itself reads them,
 * through {@code promtool} (Debian package {@code prometheus}, which {@code .ci/run} installs).
 *
 * <p>Without promtool on the PATH these tests fail, so that CI can never pass unchecked rules; a
 * developer without it can set {@code FLOWSPECT_SKIP_PROMTOOL=true} (or {@code
 * -Dflowspect.skip-promtool=true}) to skip them instead.
 */
class PrometheusRulesTest {

  @TempDir Path tmp;

  private static Path promtool() {
    String skip =
        System.getProperty("flowspect.skip-promtool", System.getenv("FLOWSPECT_SKIP_PROMTOOL"));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    Assumptions.assumeFalse(
        "true".equalsIgnoreCase(skip), "promtool not installed; skipped (FLOWSPECT_SKIP_PROMTOOL)");
    return fail(
        "promtool is not on the PATH: apt-get install prometheus (as .ci/run does), or set"
            + " FLOWSPECT_SKIP_PROMTOOL=true to skip the rule checks locally");
  }

  private static String run(Path dir, String... command) {
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
      assertThat(p.exitValue()).as("%s in %s:%n%s", String.join(" ", command), dir, out).isZero();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldPassPromtoolCheckRules() {
    Path promtool = promtool();
    List<Path> files = Queries.ruleFiles();
    assertThat(files).isNotEmpty();
    List<String> command = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
    files.forEach(f -> command.add(f.toString()));
    run(Repo.root(), command.toArray(String[]::new));
  }

  @Test
  void shouldFireExactlyWhereTheRuleUnitTestsSay() {
    Path promtool = promtool();
    List<Path> tests = Repo.files(Repo.dashboards().resolve("prometheus"), ".rules.test.yml");
    assertThat(tests).isNotEmpty();
    for (Path t : tests) {
      assertThat(run(t.getParent(), promtool.toString(), "test", "rules", t.toString()))
          .contains("SUCCESS");
    }
  }

  /**
   * Lays out the compose Prometheus' /etc/prometheus from the bind mounts of docker-compose.yml and
   * checks the configuration there, rule files included.
   */
  @Test
  void shouldPassPromtoolCheckConfigAsComposeMountsIt() throws IOException {
    Path promtool = promtool();
    JsonNode prometheus =
        Repo.yaml(Repo.deploy().resolve("docker-compose.yml")).path("services").path("prometheus");
    Path etc = tmp.resolve("etc/prometheus");
    for (JsonNode v : prometheus.path("volumes")) {
      String[] parts = v.asText().split(":");
      if (!parts[1].startsWith("/etc/prometheus")) {
        continue;
      }
      Path host = Repo.deploy().resolve(parts[0]).normalize();
      Path target = tmp.resolve(parts[1].substring(1));
      Files.createDirectories(target.getParent());
      if (Files.isDirectory(host)) {
        Files.createDirectories(target);
        for (Path f : Repo.files(host, "")) {
          Path dest = target.resolve(host.relativize(f).toString());
          Files.createDirectories(dest.getParent());
          Files.copy(f, dest);
        }
      } else {
        Files.copy(host, target);
      }
    }
    assertThat(etc.resolve("prometheus.yml")).isRegularFile();
    String out = run(etc, promtool.toString(), "check", "config", "prometheus.yml");
    assertThat(out).contains("SUCCESS").contains("rules found");
  }
}
