package io.flowspect.core.report;

import io.flowspect.core.eval.DetectionMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A static, self-contained HTML page (one {@value #FILE_NAME} with inline CSS, no scripts, no
 * network) that collects an evaluation for people: headings, paragraphs, key/value and metric
 * tables, and PNG pictures stored next to it and referenced by relative file name, so the directory
 * can be zipped, copied or served as is.
 *
 * <p>Sections appear in the order they are added. All text is HTML-escaped: a file name or a
 * dataset label can never inject markup. Usage:
 *
 * <pre>{@code
 * HtmlReport.titled("fmnist-glow vs mnist")
 *     .paragraph("Scores on the test split; higher is more anomalous.")
 *     .keyValues(Map.of("model", "fmnist-glow", "epochs", 2))
 *     .metrics(Map.of("bits/dim", metrics))
 *     .image("histogram.png", chart.png(), "Bits per dimension")
 *     .write(dir);
 * }</pre>
 *
 * <p>Mutable, not thread-safe.
 */
public final class HtmlReport {

  /** Name of the page written into the report directory. */
  public static final String FILE_NAME = "report.html";

  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d[\\d,]*(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?%?|[-+]?\u221e|NaN");

  private static final String CSS =
      """
      body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222;
             max-width: 1100px; margin: 2em auto; padding: 0 1.5em; line-height: 1.45; }
      h1 { font-size: 1.6em; border-bottom: 2px solid #0072b2; padding-bottom: .3em; }
      h2 { font-size: 1.25em; margin-top: 1.8em; }
      table { border-collapse: collapse; margin: 1em 0; font-size: .95em; }
      th, td { border: 1px solid #ddd; padding: .35em .8em; text-align: left; }
      th { background: #f3f5f7; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      table.kv th { font-weight: normal; color: #555; }
      figure { margin: 1.5em 0; }
      figure img { max-width: 100%; border: 1px solid #eee; }
      figcaption { color: #555; font-size: .9em; margin-top: .3em; }
      """;

  private final String title;
  private final StringBuilder body = new StringBuilder();
  private final Map<String, byte[]> pendingImages = new LinkedHashMap<>();
  private final List<String> referencedFiles = new ArrayList<>();

  private HtmlReport(String title) {
    this.title = title;
  }

  /**
   * Starts a report.
   *
   * @param title the page title and top heading
   * @return an empty report
   */
  public static HtmlReport titled(String title) {
    requireText("title", title);
    return new HtmlReport(title);
  }

  /**
   * Adds a section heading.
   *
   * @return this report
   */
  public HtmlReport heading(String text) {
    requireText("heading", text);
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  /**
   * Adds a paragraph of plain text (escaped; line breaks are kept).
   *
   * @return this report
   */
  public HtmlReport paragraph(String text) {
    requireText("paragraph", text);
    body.append("<p>").append(escape(text).replace("\n", "<br>\n")).append("</p>\n");
    return this;
  }

  /**
   * Adds a two-column table of settings or facts, in the map's iteration order (pass a {@link
   * LinkedHashMap} to control it). Values are shown as by {@link #table}.
   *
   * @return this report
   */
  public HtmlReport keyValues(Map<String, ?> entries) {
    if (entries == null) {
      throw new IllegalArgumentException("entries must not be null");
    }
    body.append("<table class=\"kv\">\n");
    for (Map.Entry<String, ?> entry : entries.entrySet()) {
      String value = cell(entry.getValue());
      body.append("<tr><th>")
          .append(escape(String.valueOf(entry.getKey())))
          .append("</th>")
          .append(td(value))
          .append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /**
   * Adds a table. Cells are shown with {@link String#valueOf}, except {@code Double} and {@code
   * Float} cells, which get 4 decimals; null shows empty. Numeric cells are right-aligned.
   *
   * @param headers column names, at least one
   * @param rows each exactly as long as {@code headers}
   * @return this report
   */
  public HtmlReport table(List<String> headers, List<? extends List<?>> rows) {
    if (headers == null || headers.isEmpty()) {
      throw new IllegalArgumentException("headers must hold at least one column name");
    }
    if (rows == null) {
      throw new IllegalArgumentException("rows must not be null");
    }
    body.append("<table>\n<tr>");
    for (String header : headers) {
      body.append("<th>").append(escape(String.valueOf(header))).append("</th>");
    }
    body.append("</tr>\n");
    for (int r = 0; r < rows.size(); r++) {
      List<?> row = rows.get(r);
      if (row == null || row.size() != headers.size()) {
        throw new IllegalArgumentException(
            "rows["
                + r
                + "] must have "
                + headers.size()
                + " cells like the headers, got "
                + (row == null ? "null" : row.size()));
      }
      body.append("<tr>");
      for (Object value : row) {
        body.append(td(cell(value)));
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /**
   * Adds a table of detection metrics, one row per score (e.g. "bits/dim", "typicality"), in the
   * map's iteration order: AUROC, AUPRC, FPR at 95% and 80% TPR, and the sample sizes.
   *
   * @param byScore metrics keyed by score name
   * @return this report
   */
  public HtmlReport metrics(Map<String, DetectionMetrics> byScore) {
    if (byScore == null || byScore.isEmpty()) {
      throw new IllegalArgumentException("byScore must hold at least one score");
    }
    List<List<?>> rows = new ArrayList<>();
    for (Map.Entry<String, DetectionMetrics> entry : byScore.entrySet()) {
      DetectionMetrics m = entry.getValue();
      rows.add(
          List.of(
              entry.getKey(),
              m.auroc(),
              m.auprc(),
              m.fprAt95Tpr(),
              m.fprAt80Tpr(),
              m.nNormal(),
              m.nAnomalous()));
    }
    return table(
        List.of("score", "AUROC", "AUPRC", "FPR @ 95% TPR", "FPR @ 80% TPR", "normal", "anomalous"),
        rows);
  }

  /**
   * Adds a picture that {@link #write} stores next to the page.
   *
   * @param fileName plain file name (letters, digits, {@code . _ -}), unique within the report
   * @param png the PNG contents; not copied
   * @param caption text under the picture, also its alt text; may be empty
   * @return this report
   */
  public HtmlReport image(String fileName, byte[] png, String caption) {
    if (png == null || png.length == 0) {
      throw new IllegalArgumentException("png for " + fileName + " must not be empty");
    }
    addFigure(fileName, caption);
    pendingImages.put(fileName, png);
    return this;
  }

  /**
   * Adds a picture already stored in the report directory (e.g. written by {@link
   * HistogramChart#write}); {@link #write} fails if it is missing then.
   *
   * @param fileName plain file name (letters, digits, {@code . _ -}) in the report directory
   * @param caption text under the picture, also its alt text; may be empty
   * @return this report
   */
  public HtmlReport image(String fileName, String caption) {
    addFigure(fileName, caption);
    return this;
  }

  /**
   * Returns the page as HTML.
   *
   * @return a complete UTF-8 HTML5 document
   */
  public String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        + escape(title)
        + "</title>\n<style>\n"
        + CSS
        + "</style>\n</head>\n<body>\n<h1>"
        + escape(title)
        + "</h1>\n"
        + body
        + "</body>\n</html>\n";
  }

  /**
   * Writes the pictures added with their contents and then {@value #FILE_NAME} into a directory,
   * creating it; existing files of the same names are replaced.
   *
   * @param dir the report directory
   * @return the path of the written page
   * @throws IllegalStateException if a picture referenced by name only is not in {@code dir}
   * @throws UncheckedIOException if writing fails
   */
  public Path write(Path dir) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> image : pendingImages.entrySet()) {
        Files.write(dir.resolve(image.getKey()), image.getValue());
      }
      for (String file : referencedFiles) {
        if (!Files.isRegularFile(dir.resolve(file))) {
          throw new IllegalStateException(
              "the report shows " + file + " but it is not in " + dir.toAbsolutePath());
        }
      }
      Path page = dir.resolve(FILE_NAME);
      Files.writeString(page, html(), StandardCharsets.UTF_8);
      return page;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir, e);
    }
  }

  /** Escapes the five characters that are special in HTML text and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private void addFigure(String fileName, String caption) {
    if (fileName == null || !FILE.matcher(fileName).matches() || fileName.equals(FILE_NAME)) {
      throw new IllegalArgumentException(
          "fileName must be a plain file name of letters, digits, '.', '_' and '-' other than "
              + FILE_NAME
              + ", got "
              + fileName);
    }
    if (referencedFiles.contains(fileName)) {
      throw new IllegalArgumentException("fileName " + fileName + " is already in the report");
    }
    if (caption == null) {
      throw new IllegalArgumentException("caption must not be null, use \"\" for none");
    }
    referencedFiles.add(fileName);
    String name = escape(fileName);
    body.append("<figure><img src=\"")
        .append(name)
        .append("\" alt=\"")
        .append(escape(caption))
        .append("\">");
    if (!caption.isEmpty()) {
      body.append("<figcaption>").append(escape(caption)).append("</figcaption>");
    }
    body.append("</figure>\n");
  }

  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double || value instanceof Float) {
      double v = ((Number) value).doubleValue();
      if (Double.isNaN(v)) {
        return "NaN";
      }
      if (Double.isInfinite(v)) {
        return v > 0 ? "\u221e" : "-\u221e";
      }
      return String.format(Locale.ROOT, "%.4f", v);
    }
    return String.valueOf(value);
  }

  private static String td(String text) {
    boolean numeric = NUMBER.matcher(text.trim()).matches();
    return (numeric ? "<td class=\"num\">" : "<td>") + escape(text) + "</td>";
  }

  private static void requireText(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }
}
