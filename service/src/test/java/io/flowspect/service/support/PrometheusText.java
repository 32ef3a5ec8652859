package io.flowspect.service.support;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads values out of a Prometheus text exposition, as a scraper would. */
public final class PrometheusText {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;

  /**
   * Wraps a scrape.
   *
   * @param text the body of {@code /q/metrics}
   */
  public PrometheusText(String text) {
    this.text = text;
  }

  /**
   * Sums the samples of a metric whose labels include the given ones.
   *
   * @param name the sample name, e.g. {@code flowspect_images_total}
   * @param labels name, value, name, value...
   * @return the sum; 0 when no sample matches
   */
  public double sum(String name, String... labels) {
    double sum = 0;
    for (double v : values(name, labels).values()) {
      sum += v;
    }
    return sum;
  }

  /**
   * Tells whether any sample of a metric has the given labels.
   *
   * @param name the sample name
   * @param labels name, value, name, value...
   * @return true when one matches
   */
  public boolean has(String name, String... labels) {
    return !values(name, labels).isEmpty();
  }

  /**
   * Returns the matching samples.
   *
   * @param name the sample name
   * @param labels name, value, name, value...
   * @return the sample lines' label part to value
   */
  public Map<String, Double> values(String name, String... labels) {
    Map<String, String> wanted = new HashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    Map<String, Double> out = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> have = new HashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          have.put(l.group(1), l.group(2));
        }
      }
      if (have.entrySet().containsAll(wanted.entrySet())) {
        out.put(m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3)));
      }
    }
    return out;
  }
}
