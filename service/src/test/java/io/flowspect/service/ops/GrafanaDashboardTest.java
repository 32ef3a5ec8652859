package io.flowspect.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The provisioned dashboards: each panel and query on the provisioned datasource, panels laid out
 * on Grafana's 24-column grid with unique ids, and every panel the issue asks for present. (That
 * each queried metric exists is {@link DeploymentContractTest}'s job.)
 */
class GrafanaDashboardTest {

  private static String datasourceUid() {
    List<String> uids = new ArrayList<>();
    for (Path f :
        Repo.files(Repo.dashboards().resolve("grafana/provisioning/datasources"), ".yml")) {
      for (JsonNode d : Repo.yaml(f).path("datasources")) {
        assertThat(d.path("type").asText()).isEqualTo("prometheus");
        uids.add(d.path("uid").asText());
      }
    }
    assertThat(uids).hasSize(1);
    return uids.get(0);
  }

  @Test
  void shouldQueryTheProvisionedDatasourceEverywhere() {
    String uid = datasourceUid();
    for (Path f : Queries.dashboardFiles()) {
      JsonNode d = Repo.json(f);
      for (JsonNode p : Queries.panels(d)) {
        String where = f.getFileName() + " panel '" + p.path("title").asText() + "'";
        assertThat(p.path("datasource").path("uid").asText()).as(where).isEqualTo(uid);
        assertThat(p.path("targets")).as("queries of %s", where).isNotEmpty();
        for (JsonNode t : p.path("targets")) {
          assertThat(t.path("datasource").path("uid").asText()).as(where).isEqualTo(uid);
          assertThat(t.path("expr").asText()).as(where).isNotBlank();
        }
      }
      for (JsonNode v : d.path("templating").path("list")) {
        if ("query".equals(v.path("type").asText())) {
          assertThat(v.path("datasource").path("uid").asText()).isEqualTo(uid);
        }
      }
    }
  }

  @Test
  void shouldLayOutPanelsOnTheGridWithUniqueIds() {
    Set<String> dashboardUids = new HashSet<>();
    for (Path f : Queries.dashboardFiles()) {
      JsonNode d = Repo.json(f);
      assertThat(dashboardUids.add(d.path("uid").asText())).as("uid of %s", f).isTrue();
      assertThat(d.path("title").asText()).isNotBlank();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : d.path("panels")) {
        List<JsonNode> all = new ArrayList<>(List.of(p));
        p.path("panels").forEach(all::add);
        for (JsonNode q : all) {
          assertThat(ids.add(q.path("id").asInt())).as("id of '%s'", q.path("title")).isTrue();
          JsonNode g = q.path("gridPos");
          assertThat(g.path("w").asInt()).isPositive();
          assertThat(g.path("h").asInt()).isPositive();
          assertThat(g.path("x").asInt() + g.path("w").asInt()).isLessThanOrEqualTo(24);
        }
      }
    }
  }

  @Test
  void shouldHaveEveryPanelOperatorsNeed() {
    List<String> titles = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (Path f : Queries.dashboardFiles()) {
      for (JsonNode p : Queries.panels(Repo.json(f))) {
        titles.add(p.path("title").asText().toLowerCase(java.util.Locale.ROOT));
        types.add(p.path("type").asText());
      }
    }
    assertThat(titles)
        .anyMatch(t -> t.contains("throughput by line"))
        .anyMatch(t -> t.contains("decision mix"))
        .anyMatch(t -> t.contains("alert rate"))
        .anyMatch(t -> t.contains("threshold"))
        .anyMatch(t -> t.contains("drift"))
        .anyMatch(t -> t.contains("inference latency"))
        .anyMatch(t -> t.contains("end-to-end latency"))
        .anyMatch(t -> t.contains("batch size"))
        .anyMatch(t -> t.contains("consumer lag"))
        .anyMatch(t -> t.contains("webhook"))
        .anyMatch(t -> t.contains("dead-letter"))
        .anyMatch(t -> t.contains("model versions"));
    assertThat(types).contains("heatmap");
  }
}
