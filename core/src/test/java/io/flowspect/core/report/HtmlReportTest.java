package io.flowspect.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.eval.DetectionMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

  @Test
  void escapesTheFiveSpecialCharacters() {
    assertThat(HtmlReport.escape("<a href='x'>Tom & \"Jerry\"</a>"))
        .isEqualTo("&lt;a href=&#39;x&#39;&gt;Tom &amp; &quot;Jerry&quot;&lt;/a&gt;");
  }

  @Test
  void userTextNeverBecomesMarkup() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("<b>model</b>", "a & b");
    String html =
        HtmlReport.titled("Report <script>alert(1)</script>")
            .paragraph("x < y\nsecond line")
            .keyValues(settings)
            .table(List.of("<th>"), List.of(List.of("\"quoted\"")))
            .html();

    assertThat(html)
        .doesNotContain("<script>")
        .doesNotContain("<b>")
        .contains("<title>Report &lt;script&gt;alert(1)&lt;/script&gt;</title>")
        .contains("<p>x &lt; y<br>\nsecond line</p>")
        .contains("<tr><th>&lt;b&gt;model&lt;/b&gt;</th><td>a &amp; b</td></tr>")
        .contains("<th>&lt;th&gt;</th>")
        .contains("<td>&quot;quoted&quot;</td>");
  }

  @Test
  void metricsTableHasOneRowPerScore() {
    // the 3-vs-3 example: AUROC 13/18, AP 34/45 = 0.7556, FPR 2/3 at both TPRs
    DetectionMetrics m =
        DetectionMetrics.of(new double[] {0.5, 0.2, 0.7}, new double[] {0.9, 0.5, 0.6});
    Map<String, DetectionMetrics> byScore = new LinkedHashMap<>();
    byScore.put("bits/dim", m);

    String html = HtmlReport.titled("t").metrics(byScore).html();

    assertThat(html)
        .contains(
            "<tr><td>bits/dim</td><td class=\"num\">0.7222</td><td class=\"num\">0.7556</td>"
                + "<td class=\"num\">0.6667</td><td class=\"num\">0.6667</td>"
                + "<td class=\"num\">3</td><td class=\"num\">3</td></tr>");
  }

  @Test
  void writesThePageAndEveryPictureItReferences(@TempDir Path dir) throws Exception {
    byte[] histogram =
        HistogramChart.titled("h").sample("x", new double[] {1, 2, 3}).size(300, 200).png();
    Files.write(dir.resolve("existing.png"), histogram);

    Path page =
        HtmlReport.titled("Evaluation")
            .heading("Scores")
            .image("histogram.png", histogram, "Bits per dimension")
            .image("existing.png", "Written before")
            .write(dir);

    assertThat(page).isEqualTo(dir.resolve("report.html"));
    String html = Files.readString(page);
    List<String> sources = new ArrayList<>();
    Matcher matcher = Pattern.compile("src=\"([^\"]+)\"").matcher(html);
    while (matcher.find()) {
      sources.add(matcher.group(1));
    }
    assertThat(sources).containsExactly("histogram.png", "existing.png");
    for (String source : sources) {
      assertThat(Pixels.decode(Files.readAllBytes(dir.resolve(source))).getWidth()).isEqualTo(300);
    }
    assertThat(html).doesNotContain("http").contains("<figcaption>Bits per dimension</figcaption>");
  }

  @Test
  void missingPictureFailsTheWrite(@TempDir Path dir) {
    HtmlReport report = HtmlReport.titled("t").image("absent.png", "");

    assertThatThrownBy(() -> report.write(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the report shows absent.png but it is not in ");
    assertThat(dir.resolve("report.html")).doesNotExist();
  }

  @Test
  void preconditionsNameTheArgument() {
    assertThatThrownBy(() -> HtmlReport.titled("t").image("../up.png", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "fileName must be a plain file name of letters, digits, '.', '_' and '-' other than"
                + " report.html, got ../up.png");
    assertThatThrownBy(() -> HtmlReport.titled("t").table(List.of("a", "b"), List.of(List.of(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows[0] must have 2 cells like the headers, got 1");
  }
}
