package io.flowspect.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every YAML and JSON file under deploy/ and dashboards/ parses, and none is empty. */
class OpsFilesParseTest {

  @Test
  void shouldParseEveryYamlAndJsonFile() {
    List<Path> yaml = Repo.files(Repo.deploy(), ".yaml", ".yml");
    yaml.addAll(Repo.files(Repo.dashboards(), ".yaml", ".yml"));
    List<Path> json = Repo.files(Repo.deploy(), ".json");
    json.addAll(Repo.files(Repo.dashboards(), ".json"));
    assertThat(yaml).hasSizeGreaterThan(15);
    assertThat(json).isNotEmpty();
    for (Path f : yaml) {
      List<JsonNode> docs = Repo.yamlDocuments(f);
      assertThat(docs).as("documents in %s", f).isNotEmpty().allMatch(JsonNode::isObject);
    }
    for (Path f : json) {
      assertThat(Repo.json(f).isObject()).as("%s holds a JSON object", f).isTrue();
    }
  }

  @Test
  void shouldGiveEveryKubernetesObjectAnApiVersionKindAndName() {
    for (Path f : Repo.files(Repo.deploy().resolve("kubernetes"), ".yaml", ".yml")) {
      for (JsonNode doc : Repo.yamlDocuments(f)) {
        assertThat(doc.path("apiVersion").asText()).as("apiVersion in %s", f).isNotBlank();
        assertThat(doc.path("kind").asText()).as("kind in %s", f).isNotBlank();
        if (!"Kustomization".equals(doc.path("kind").asText())) {
          assertThat(doc.path("metadata").path("name").asText())
              .as("metadata.name in %s", f)
              .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        }
      }
    }
  }
}
