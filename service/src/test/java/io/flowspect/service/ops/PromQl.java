package io.flowspect.service.ops;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a PromQL expression (as written in a Grafana panel or a Prometheus rule) needs from
 * the scrape: metric names, the labels its selectors match on, and the labels it groups by. A
 * reader for lint purposes, not a parser: it understands selectors, ranges, grouping clauses,
 * strings, functions and Grafana variables, which is what dashboards and rules use.
 */
final class PromQl {

  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-zA-Z]+|@\\s*\\S+");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![a-zA-Z0-9_.:$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\(\\s*(?:(.+),)?\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "inf",
          "nan",
          "atan2");

  private final Map<String, Set<String>> selectors = new LinkedHashMap<>();
  private final Set<String> grouping = new LinkedHashSet<>();

  private PromQl(String expr) {
    Matcher lv = LABEL_VALUES.matcher(expr);
    if (lv.matches()) {
      // Grafana's label_values(metric, label): a selector and the label it lists.
      grouping.add(lv.group(2));
      expr = lv.group(1) == null ? "" : lv.group(1);
    }
    String s = GRAFANA_VARIABLE.matcher(expr).replaceAll("");
    s = STRING.matcher(s).replaceAll("\"\"");
    Matcher m = SELECTOR.matcher(s);
    StringBuilder rest = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Set<String> labels = new LinkedHashSet<>();
      Matcher l = MATCHER.matcher(m.group(2));
      while (l.find()) {
        labels.add(l.group(1));
      }
      if (name != null && !KEYWORDS.contains(name)) {
        selectors.computeIfAbsent(name, k -> new LinkedHashSet<>()).addAll(labels);
      }
      m.appendReplacement(rest, " ");
    }
    m.appendTail(rest);
    s = RANGE.matcher(rest).replaceAll(" ");
    Matcher g = GROUPING.matcher(s);
    while (g.find()) {
      for (String label : g.group(2).split(",")) {
        if (!label.isBlank()) {
          grouping.add(label.trim());
        }
      }
    }
    s = GROUPING.matcher(s).replaceAll(" ");
    s = OFFSET.matcher(s).replaceAll(" ");
    Matcher id = IDENTIFIER.matcher(s);
    while (id.find()) {
      if (!KEYWORDS.contains(id.group(1))) {
        selectors.computeIfAbsent(id.group(1), k -> new LinkedHashSet<>());
      }
    }
  }

  /**
   * Reads an expression.
   *
   * @param expr PromQL, possibly with Grafana variables, or Grafana's {@code label_values(...)}
   * @return what it needs
   */
  static PromQl of(String expr) {
    return new PromQl(expr);
  }

  /**
   * Returns the sample names the expression selects, e.g. {@code flowspect_images_total}.
   *
   * @return the names
   */
  Set<String> metrics() {
    return selectors.keySet();
  }

  /**
   * Returns the label names each metric's selectors match on.
   *
   * @return metric name to label names (empty when it has no matchers)
   */
  Map<String, Set<String>> matchers() {
    return selectors;
  }

  /**
   * Returns the label names of {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code
   * group_left} and {@code group_right} clauses (and the label of {@code label_values}).
   *
   * @return the names
   */
  Set<String> grouping() {
    return grouping;
  }
}
