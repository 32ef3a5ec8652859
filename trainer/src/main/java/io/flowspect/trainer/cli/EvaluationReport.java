package io.flowspect.trainer.cli;

import io.flowspect.core.baseline.BaselineResult;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.eval.CandidateResult;
import io.flowspect.core.eval.DetectionMetrics;
import io.flowspect.core.eval.FprSpread;
import io.flowspect.core.eval.LocalisationMetrics;
import io.flowspect.core.eval.RocCurve;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.local.LocalFinding;
import io.flowspect.core.local.LocalScores;
import io.flowspect.core.local.MapReference;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.report.Heatmap;
import io.flowspect.core.report.HistogramChart;
import io.flowspect.core.report.HtmlReport;
import io.flowspect.core.report.RocChart;
import io.flowspect.core.report.TileGrid;
import io.flowspect.core.sample.Sampler;
import io.flowspect.core.sample.Samples;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/** Writes an evaluation's {@code metrics.json} and {@code report.html} with its charts. */
final class EvaluationReport {

  /** Images shown per "most / least anomalous" grid. */
  private static final int SHOWN = 12;

  /** Standardised evidence at or above this many spreads shows at the top of the colour scale. */
  private static final double STANDARDISED_MAX = 8;

  /** Top of the colour scale for |residual| maps (standard normal: 4 is far out). */
  private static final double RESIDUAL_MAX = 4;

  /** Everything an evaluation produced. */
  record Inputs(
      Bundle bundle,
      Scorer scorer,
      double alpha,
      long seed,
      int calibrationImages,
      List<ImageRecord> normalImages,
      ScoreTable normalScores,
      Map<String, List<ImageRecord>> sets,
      Map<String, ScoreTable> setScores,
      List<CandidateResult> results,
      DecisionScore bundleDecision,
      int samples,
      OnnxOptions options,
      MapReference mapReference,
      Map<String, LocalisationMetrics> localisation,
      List<BaselineResult> baselines) {}

  private EvaluationReport() {}

  static Path write(Inputs in, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("metrics.json"), Json.write(metrics(in)) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("--report " + dir + ": cannot write: " + e.getMessage(), e);
    }
    var m = in.bundle().manifest();
    HtmlReport html = HtmlReport.titled("Flowspect evaluation: " + m.id());
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("bundle", m.id() + " (family " + m.family() + ", version " + m.version() + ")");
    m.metrics().forEach((k, v) -> facts.put(k, String.format(Locale.ROOT, "%.4f", v)));
    facts.put("decision score", in.bundleDecision().id());
    facts.put("target false-positive rate (alpha)", in.alpha());
    facts.put("normal images: calibration half", in.calibrationImages());
    facts.put("normal images: evaluation half", in.normalImages().size());
    in.sets().forEach((k, v) -> facts.put("anomalous: " + k, v.size()));
    facts.put("complexity compressor", in.scorer().compressor().name());
    facts.put("typical bpd H", in.scorer().typicalBpd());
    html.keyValues(facts);
    html.paragraph(
        "Each decision score is calibrated at alpha on one half of the normal images and judged on"
            + " the other half: realised FPR is the fraction of held-out normal images flagged;"
            + " TPR@thr the fraction of anomalies flagged at that threshold.");
    falsePositives(html, in);
    for (String set : in.setScores().keySet()) {
      html.heading(set);
      List<List<?>> rows = new ArrayList<>();
      for (CandidateResult r : in.results()) {
        DetectionMetrics d = r.metrics().get(set);
        rows.add(
            List.of(
                r.score() + (r.score().equals(in.bundleDecision().id()) ? " (default)" : ""),
                d.auroc(),
                d.auprc(),
                d.fprAt95Tpr(),
                d.fprAt80Tpr(),
                r.tprAtThreshold().get(set),
                r.realizedFpr()));
      }
      html.table(
          List.of("score", "AUROC", "AUPRC", "FPR@95%TPR", "FPR80", "TPR@thr", "realised FPR"),
          rows);
      LocalisationMetrics loc = in.localisation().get(set);
      if (loc != null) {
        html.table(
            List.of("pixel AUROC of the map", "flagged", "boxes on the defect", "mean box area"),
            List.of(
                List.of(loc.pixelAuroc(), loc.detected(), loc.boxHitRate(), loc.meanBoxArea())));
      }
      String slug = slug(set);
      html.image("roc-" + slug + ".png", roc(in, set), "ROC curves, " + set);
      for (Score s : histogramScores(in)) {
        html.image(
            "hist-" + s.id() + "-" + slug + ".png",
            histogram(in, set, s),
            s.id() + ": normal versus " + set);
      }
      html.image(
          "top-" + slug + ".png",
          grid(in, in.sets().get(set), in.setScores().get(set), true, "most anomalous: " + set),
          "the most anomalous images of " + set + " by " + ranking(in).id());
    }
    if (!in.baselines().isEmpty()) {
      html.heading("baselines");
      html.paragraph(
          "Simple densities fitted on the training images and judged on the same splits: what a"
              + " density without depth reaches. AUROC of each one's bits/dim (raw likelihood) and"
              + " of its complexity (bits/dim minus the compressor's).");
      List<List<?>> rows = new ArrayList<>();
      for (BaselineResult b : in.baselines()) {
        for (String set : in.setScores().keySet()) {
          rows.add(
              List.of(
                  b.id(),
                  b.normalBpd(),
                  set,
                  b.bpd().get(set).auroc(),
                  b.complexity().get(set).auroc()));
        }
      }
      html.table(
          List.of("density", "normal bits/dim", "set", "AUROC bits/dim", "AUROC complexity"), rows);
    }
    html.heading("normal images");
    html.image(
        "normal-top.png",
        grid(in, in.normalImages(), in.normalScores(), true, "most anomalous normal images"),
        "normal images that look most anomalous (false-positive candidates)");
    html.image(
        "normal-bottom.png",
        grid(in, in.normalImages(), in.normalScores(), false, "least anomalous normal images"),
        "the most typical normal images");
    if (in.samples() > 0 && Sampler.canSample(in.bundle())) {
      Samples samples = Sampler.sample(in.bundle(), in.samples(), 0.7, in.seed(), in.options());
      List<TileGrid.Tile> tiles = new ArrayList<>();
      InputSpec spec = in.scorer().input();
      for (int i = 0; i < samples.images().size(); i++) {
        tiles.add(
            new TileGrid.Tile(
                imageOnly(samples.images().get(i), spec),
                String.format(Locale.ROOT, "log p %.0f", samples.logPx()[i])));
      }
      html.heading("model samples");
      html.image(
          "samples.png",
          TileGrid.png("samples (" + samples.meaning() + ")", tiles, 8),
          "samples from the model");
    }
    return html.write(dir);
  }

  private static Map<String, Object> metrics(Inputs in) {
    var m = in.bundle().manifest();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bundle", Map.of("id", m.id(), "family", m.family(), "version", m.version()));
    out.put("decision_score", in.bundleDecision().id());
    out.put("alpha", in.alpha());
    out.put("seed", in.seed());
    out.put("n_calibration", in.calibrationImages());
    out.put("n_normal", in.normalImages().size());
    Map<String, Integer> sizes = new LinkedHashMap<>();
    in.sets().forEach((k, v) -> sizes.put(k, v.size()));
    out.put("anomalous_sets", sizes);
    out.put("complexity_compressor", in.scorer().compressor().name());
    List<Map<String, Object>> candidates = new ArrayList<>();
    for (CandidateResult r : in.results()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("score", r.score());
      c.put("threshold", r.threshold());
      c.put("realized_fpr", r.realizedFpr());
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("level", r.expectedFpr().level());
      expected.put("low", r.expectedFpr().low());
      expected.put("high", r.expectedFpr().high());
      c.put("expected_fpr", expected);
      if (r.resplitFpr().measured()) {
        Map<String, Object> resplit = new LinkedHashMap<>();
        resplit.put("splits", r.resplitFpr().splits());
        resplit.put("mean", r.resplitFpr().mean());
        resplit.put("p05", r.resplitFpr().low());
        resplit.put("p95", r.resplitFpr().high());
        c.put("resplit_fpr", resplit);
      }
      Map<String, Object> sets = new LinkedHashMap<>();
      r.metrics()
          .forEach(
              (set, d) -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("auroc", d.auroc());
                s.put("auprc", d.auprc());
                s.put("fpr_at_95_tpr", d.fprAt95Tpr());
                s.put("fpr_at_80_tpr", d.fprAt80Tpr());
                s.put("tpr_at_threshold", r.tprAtThreshold().get(set));
                Map<String, DetectionMetrics> groups = r.groups().get(set);
                if (groups != null && !groups.isEmpty()) {
                  Map<String, Object> g = new LinkedHashMap<>();
                  groups.forEach(
                      (name, gm) ->
                          g.put(
                              name,
                              Map.of(
                                  "auroc", gm.auroc(), "auprc", gm.auprc(), "n", gm.nAnomalous())));
                  s.put("groups", g);
                }
                sets.put(set, s);
              });
      c.put("sets", sets);
      candidates.add(c);
    }
    out.put("candidates", candidates);
    if (!in.baselines().isEmpty()) {
      List<Map<String, Object>> baselines = new ArrayList<>();
      for (BaselineResult b : in.baselines()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("density", b.id());
        entry.put("description", b.description());
        entry.put("normal_bpd", b.normalBpd());
        Map<String, Object> bySet = new LinkedHashMap<>();
        for (String set : b.bpd().keySet()) {
          bySet.put(
              set,
              Map.of(
                  "auroc_bpd",
                  b.bpd().get(set).auroc(),
                  "auroc_complexity",
                  b.complexity().get(set).auroc()));
        }
        entry.put("sets", bySet);
        baselines.add(entry);
      }
      out.put("baselines", baselines);
    }
    Map<String, String> best = new LinkedHashMap<>();
    for (String set : in.setScores().keySet()) {
      in.results().stream()
          .max(Comparator.comparingDouble(r -> r.metrics().get(set).auroc()))
          .ifPresent(r -> best.put(set, r.score()));
    }
    out.put("best_by_auroc", best);
    if (in.mapReference() != null) {
      Map<String, Object> maps = new LinkedHashMap<>();
      maps.put("map", in.mapReference().map());
      maps.put("window", in.mapReference().window());
      maps.put("standardise", in.mapReference().standardise());
      maps.put("n", in.mapReference().n());
      Map<String, Object> sets = new LinkedHashMap<>();
      in.localisation()
          .forEach(
              (set, l) ->
                  sets.put(
                      set,
                      Map.of(
                          "pixel_auroc", l.pixelAuroc(),
                          "flagged", l.detected(),
                          "box_hit_rate", l.boxHitRate(),
                          "mean_box_area", l.meanBoxArea())));
      maps.put("localisation", sets);
      out.put("maps", maps);
    }
    return out;
  }

  private static byte[] roc(Inputs in, String set) {
    RocChart chart = RocChart.titled("ROC: normal versus " + set);
    ScoreTable normal = in.normalScores();
    ScoreTable anomalous = in.setScores().get(set);
    for (Score s : normal.scores()) {
      if (s == Score.BPD || s == Score.IWAE || !anomalous.scores().contains(s)) {
        continue; // same ranking as log_px (a latent model's log_px is its IWAE bound)
      }
      chart.curve(s.id(), RocCurve.of(normal.anomalyColumn(s), anomalous.anomalyColumn(s)));
    }
    return chart.png();
  }

  private static List<Score> histogramScores(Inputs in) {
    List<Score> out = new ArrayList<>();
    out.add(Score.BPD);
    for (Score s : in.bundleDecision().components()) {
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static byte[] histogram(Inputs in, String set, Score s) {
    return HistogramChart.titled(s.id() + " (" + s.unit() + ")")
        .sample("normal (held out)", in.normalScores().column(s))
        .sample(set, in.setScores().get(set).column(s))
        .xLabel(s.id() + ", " + s.unit() + (s.higherIsAnomalous() ? "" : " (higher = more normal)"))
        .png();
  }

  /** The single score that orders the image grids: the decision score, or its first component. */
  private static Score ranking(Inputs in) {
    return in.bundleDecision().components().get(0);
  }

  private static float[] absolute(float[] values) {
    float[] out = new float[values.length];
    for (int p = 0; p < out.length; p++) {
      out[p] = Math.abs(values[p]);
    }
    return out;
  }

  private static byte[] grid(
      Inputs in, List<ImageRecord> images, ScoreTable scores, boolean most, String title) {
    Score s = ranking(in);
    double[] values = scores.anomalyColumn(s);
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Comparator<Integer> byValue = Comparator.comparingDouble(i -> values[i]);
    java.util.Arrays.sort(order, most ? byValue.reversed() : byValue);
    InputSpec spec = in.scorer().input();
    List<TileGrid.Tile> tiles = new ArrayList<>();
    for (int k = 0; k < Math.min(SHOWN, order.length); k++) {
      int i = order[k];
      java.awt.image.BufferedImage picture;
      String boxedBy = null;
      if (in.mapReference() != null && scores.maps() != null) {
        MapReference ref = in.mapReference();
        float[] evidence = scores.maps().values()[i];
        LocalFinding f =
            scores.findings() != null
                ? scores.findings()[i]
                : LocalScores.find(
                    evidence,
                    scores.maps().signed() == null ? null : scores.maps().signed()[i],
                    ref);
        boxedBy = f.evidence();
        // Draw the map that found the box: the residuals' size when the signed statistic did.
        boolean signed =
            scores.maps().signed() != null
                && (f.evidence().equals(LocalFinding.DARKER)
                    || f.evidence().equals(LocalFinding.BRIGHTER));
        picture =
            Heatmap.of(
                    images.get(i).chw(),
                    spec,
                    signed ? absolute(scores.maps().signed()[i]) : ref.standardise(evidence))
                .range(0, signed ? RESIDUAL_MAX : STANDARDISED_MAX)
                .box(f.box().x0(), f.box().y0(), f.box().width(), f.box().height())
                .scale(3)
                .render();
      } else if (scores.pixelNll() != null) {
        float[] map =
            Heatmap.sumChannels(scores.pixelNll()[i], spec.channels(), spec.height(), spec.width());
        picture = Heatmap.of(images.get(i).chw(), spec, map).scale(3).render();
      } else {
        picture = imageOnly(images.get(i).chw(), spec);
      }
      tiles.add(
          new TileGrid.Tile(
              picture,
              String.format(
                  Locale.ROOT,
                  "%s%n%s %.3f%s",
                  images.get(i).id(),
                  s.id(),
                  scores.column(s)[i],
                  boxedBy == null ? "" : ", " + boxedBy)));
    }
    return TileGrid.png(title, tiles, 4);
  }

  /** The image alone, enlarged: a map of NaN shows the image through. */
  private static java.awt.image.BufferedImage imageOnly(byte[] chw, InputSpec spec) {
    float[] none = new float[spec.height() * spec.width()];
    java.util.Arrays.fill(none, Float.NaN);
    return Heatmap.of(chw, spec, none).imagePanel(false).scale(3).render();
  }

  private static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
  }

  /** One table of every score's false positives: this split, what chance allows, re-splits. */
  private static void falsePositives(HtmlReport html, Inputs in) {
    html.heading("False positives at alpha " + in.alpha());
    html.paragraph(
        "One split gives one reading of the realised false-positive rate, and at small alpha it"
            + " swings widely from split to split. Expected (90%): the range nine calibrations in"
            + " ten put it in when the two halves are exchangeable (beta-binomial over the"
            + " threshold's rank). Re-splits: the normal scores pooled and cut into halves again"
            + " at random, calibrated and judged each time (no model runs).");
    List<List<?>> rows = new ArrayList<>();
    for (CandidateResult r : in.results()) {
      FprSpread spread = r.resplitFpr();
      rows.add(
          List.of(
              r.score(),
              r.realizedFpr(),
              String.format(
                  Locale.ROOT, "%.4f to %.4f", r.expectedFpr().low(), r.expectedFpr().high()),
              spread.measured() ? spread.splits() : "off",
              spread.measured() ? spread.mean() : "",
              spread.measured()
                  ? String.format(Locale.ROOT, "%.4f to %.4f", spread.low(), spread.high())
                  : ""));
    }
    html.table(
        List.of(
            "score",
            "realised FPR",
            "expected (90%)",
            "re-splits",
            "mean realised FPR",
            "5% to 95%"),
        rows);
  }
}
