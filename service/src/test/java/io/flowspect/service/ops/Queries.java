package io.flowspect.service.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The PromQL that operators run: every dashboard panel's and variable's, every rule's. */
final class Queries {

  /**
   * One expression and where it is written.
   *
   * @param where file and panel, variable or alert, for failure messages
   * @param expr the PromQL
   */
  record Query(String where, String expr) {
    @Override
    public String toString() {
      return where + ": " + expr;
    }
  }

  private Queries() {}

  /**
   * Returns the dashboards' JSON files.
   *
   * @return dashboards/grafana/dashboards/*.json
   */
  static List<Path> dashboardFiles() {
    return Repo.files(Repo.dashboards().resolve("grafana/dashboards"), ".json");
  }

  /**
   * Returns the Prometheus rule files (not their unit tests).
   *
   * @return dashboards/prometheus/*.rules.yml
   */
  static List<Path> ruleFiles() {
    return Repo.files(Repo.dashboards().resolve("prometheus"), ".rules.yml");
  }

  /**
   * Returns the panels of a dashboard, those inside collapsed rows included, rows excluded.
   *
   * @param dashboard the dashboard JSON
   * @return the panels
   */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      if ("row".equals(p.path("type").asText())) {
        p.path("panels").forEach(out::add);
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Returns every expression of every dashboard: panel targets and query variables.
   *
   * @return the queries
   */
  static List<Query> dashboards() {
    List<Query> out = new ArrayList<>();
    for (Path file : dashboardFiles()) {
      JsonNode d = Repo.json(file);
      String name = file.getFileName().toString();
      for (JsonNode p : panels(d)) {
        for (JsonNode t : p.path("targets")) {
          if (t.hasNonNull("expr")) {
            out.add(
                new Query(
                    name + " panel '" + p.path("title").asText() + "' " + t.path("refId").asText(),
                    t.get("expr").asText()));
          }
        }
      }
      for (JsonNode v : d.path("templating").path("list")) {
        if ("query".equals(v.path("type").asText())) {
          JsonNode q = v.path("query");
          out.add(
              new Query(
                  name + " variable $" + v.path("name").asText(),
                  q.isTextual() ? q.asText() : q.path("query").asText()));
        }
      }
    }
    return out;
  }

  /**
   * Returns every rule's expression.
   *
   * @return the queries
   */
  static List<Query> rules() {
    List<Query> out = new ArrayList<>();
    for (Path file : ruleFiles()) {
      for (JsonNode g : Repo.yaml(file).path("groups")) {
        for (JsonNode r : g.path("rules")) {
          String name = r.has("alert") ? r.path("alert").asText() : r.path("record").asText();
          out.add(new Query(file.getFileName() + " rule " + name, r.path("expr").asText()));
        }
      }
    }
    return out;
  }
}
