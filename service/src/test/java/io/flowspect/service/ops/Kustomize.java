package io.flowspect.service.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Just enough of kustomize to check the overlays without it: resources resolved recursively, and
 * strategic-merge patches applied to the objects they target (maps merged, lists of named items
 * such as containers merged by name, other lists replaced).
 */
final class Kustomize {

  private Kustomize() {}

  /**
   * Reads a kustomization.
   *
   * @param dir its folder
   * @return kustomization.yaml
   */
  static JsonNode kustomization(Path dir) {
    return Repo.yaml(dir.resolve("kustomization.yaml"));
  }

  /**
   * Builds a kustomization: its resources (files, or folders with their own kustomization) with its
   * patches applied. Image rewrites and labels are left out.
   *
   * @param dir the folder
   * @return the objects
   */
  static List<ObjectNode> build(Path dir) {
    JsonNode k = kustomization(dir);
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode r : k.path("resources")) {
      Path p = dir.resolve(r.asText()).normalize();
      if (Files.isDirectory(p)) {
        objects.addAll(build(p));
      } else {
        for (JsonNode doc : Repo.yamlDocuments(p)) {
          objects.add((ObjectNode) doc.deepCopy());
        }
      }
    }
    for (JsonNode patch : k.path("patches")) {
      JsonNode target = patch.path("target");
      JsonNode body = Repo.yaml(dir.resolve(patch.path("path").asText()));
      for (ObjectNode o : objects) {
        if (matches(o, target)) {
          merge(o, body);
        }
      }
    }
    return objects;
  }

  /**
   * Tells whether an object is a patch target.
   *
   * @param o the object
   * @param target the patch's target (kind, name, group, version)
   * @return true when every given field matches
   */
  static boolean matches(JsonNode o, JsonNode target) {
    String apiVersion = o.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    return target.path("kind").asText().equals(o.path("kind").asText())
        && target.path("name").asText().equals(o.path("metadata").path("name").asText())
        && (!target.has("group") || target.path("group").asText().equals(group))
        && (!target.has("version") || target.path("version").asText().equals(version));
  }

  /**
   * Finds the one object of a kind (and name, when given).
   *
   * @param objects the objects
   * @param kind the kind
   * @param name the name, or null for any
   * @return the object
   */
  static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
    List<ObjectNode> found =
        objects.stream()
            .filter(o -> kind.equals(o.path("kind").asText()))
            .filter(o -> name == null || name.equals(o.path("metadata").path("name").asText()))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " " + name + ", found " + found.size());
    }
    return found.get(0);
  }

  private static void merge(ObjectNode into, JsonNode patch) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode existing = into.get(f.getKey());
      JsonNode value = f.getValue();
      if (existing instanceof ObjectNode eo && value.isObject()) {
        merge(eo, value);
      } else if (existing instanceof ArrayNode ea && value.isArray() && namedItems(ea, value)) {
        for (JsonNode item : value) {
          ObjectNode same = null;
          for (JsonNode e : ea) {
            if (e.path("name").asText().equals(item.path("name").asText())) {
              same = (ObjectNode) e;
            }
          }
          if (same != null) {
            merge(same, item);
          } else {
            ea.add(item.deepCopy());
          }
        }
      } else {
        into.set(f.getKey(), value.deepCopy());
      }
    }
  }

  private static boolean namedItems(ArrayNode a, JsonNode b) {
    for (JsonNode n : a) {
      if (!n.has("name")) {
        return false;
      }
    }
    for (JsonNode n : b) {
      if (!n.has("name")) {
        return false;
      }
    }
    return true;
  }
}
