package io.flowspect.trainer.cli;

import io.flowspect.core.baseline.BaselineResult;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleWriter;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.data.DataSplit;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.data.LoadedImages;
import io.flowspect.core.data.Split;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.eval.CandidateResult;
import io.flowspect.core.eval.Candidates;
import io.flowspect.core.eval.DefectSet;
import io.flowspect.core.eval.DetectionMetrics;
import io.flowspect.core.eval.Evaluation;
import io.flowspect.core.eval.FprRange;
import io.flowspect.core.eval.FprSpread;
import io.flowspect.core.eval.Localisation;
import io.flowspect.core.eval.LocalisationMetrics;
import io.flowspect.core.eval.SyntheticDefects;
import io.flowspect.core.local.LocalScores;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.local.MapReference;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowspect evaluate}: how well a bundle's scores separate normal images from anomalies,
 * with a false-positive rate measured on images the threshold never saw.
 *
 * <p>The normal images are split in two halves (seeded): every candidate decision score is
 * calibrated on the first at {@code --fpr} and judged on the second against every anomalous set.
 * Writes {@code metrics.json} and {@code report.html} with charts into {@code --report}.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a bundle's scores on normal versus anomalous images: AUROC, AUPRC, FPR at 95%%"
            + " TPR, FPR80 and the realised false-positive rate; metrics.json and report.html.")
final class EvaluateCommand implements Callable<Integer> {

  @Mixin BundleFlag model;

  @Option(
      names = "--normal",
      description = "held-out normal images (IDX file or folder); half calibrates, half evaluates")
  Path normal;

  @Option(
      names = "--data",
      description =
          "an MVTec AD category (train/good, test/good, test/<defect>, ground_truth/<defect>):"
              + " a model trained on its patches (train --patch) is judged on its test frames at"
              + " full resolution: image AUROC, pixel AUROC and AUPRO per defect kind")
  Path data;

  @Mixin FrameFlags frameFlags;

  @Option(
      names = "--anomalous",
      description = "anomalous images, NAME=PATH or PATH; repeatable",
      arity = "1")
  List<String> anomalous = new ArrayList<>();

  @Option(
      names = "--defects",
      description =
          "also evaluate synthetic production defects of every kind, generated (seeded) on the"
              + " held-out normal half")
  boolean defects;

  @Option(names = "--report", required = true, description = "output folder")
  Path report;

  @Mixin FprFlag fprFlag;

  @Option(names = "--limit", defaultValue = "0", description = "at most N images per set (0: all)")
  int limit;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the split and the defects")
  long seed;

  @Option(
      names = "--candidates",
      split = ",",
      description =
          "decision scores to compare (default: every single score and Fisher's combination of"
              + " each pair)")
  List<String> candidates;

  @Option(
      names = "--fpr-splits",
      defaultValue = "20",
      description =
          "re-split the scored normal images this many times (seeded, no model runs) and report"
              + " each score's realised false-positive rate over them: one split's reading swings"
              + " by a third either way at alpha 0.01 (0: off)")
  int fprSplits;

  @Option(names = "--samples", defaultValue = "16", description = "model samples in the report")
  int samples;

  @Option(
      names = "--write-default",
      description =
          "write the candidate with the highest mean AUROC over the sets into the bundle's"
              + " manifest as its default score (then re-run calibrate)")
  boolean writeDefault;

  @Option(
      names = "--baselines",
      description =
          "also fit independent pixels, probabilistic PCA and an FVSBN on the training images and"
              + " measure them on the same splits")
  boolean baselines;

  @Option(
      names = "--baseline-data",
      description = "the baselines' training images (default: the bundle's, from its manifest)")
  Path baselineData;

  @Option(
      names = "--baseline-limit",
      defaultValue = "10000",
      description = "at most N training images for the baselines (0: all)")
  int baselineLimit;

  @Option(
      names = "--baseline-epochs",
      defaultValue = "3",
      description = "epochs of the baseline FVSBN")
  int baselineEpochs;

  @Mixin MapFlags mapFlags;

  @Mixin OnnxFlags onnx;

  @Mixin ConditionFlags conditionFlags;

  @Override
  public Integer call() {
    double fpr = fprFlag.alpha();
    if (data != null) {
      return evaluateFrames(fpr);
    }
    if (normal == null) {
      throw new IllegalArgumentException("give --normal images, or --data with an MVTec category");
    }
    if (fprSplits < 0) {
      throw new IllegalArgumentException("--fpr-splits must be >= 0, got " + fprSplits);
    }
    if (anomalous.isEmpty() && !defects) {
      throw new IllegalArgumentException("give at least one --anomalous set or --defects");
    }
    Bundle bundle = model.open();
    try (Scorer opened = Scorer.open(bundle, onnx.options())) {
      Scorer scorer = conditionFlags.apply(opened);
      LoadedImages normalImages = conditionFlags.load("--normal", normal, scorer, limit, true);
      if (normalImages.images().size() < 4) {
        throw new IllegalArgumentException(
            "--normal " + normal + " has " + normalImages.images().size() + " images, need 4");
      }
      Split halves = DataSplit.split(normalImages.images(), 0.5, seed);
      List<ImageRecord> calibrationHalf = halves.train();
      List<ImageRecord> normalHalf = halves.validation();
      MapKind maps = mapFlags.resolve(scorer);
      boolean signed = mapFlags.signed(scorer, maps);
      ScoreTable calibrationScores =
          Datasets.score(
              scorer, "calibration half", calibrationHalf, scorer.available(), maps, signed);
      ScoreTable normalScores =
          Datasets.score(scorer, "normal half", normalHalf, scorer.available(), maps, signed);
      Map<String, List<ImageRecord>> sets = new LinkedHashMap<>();
      for (String spec : anomalous) {
        int eq = spec.indexOf('=');
        String name = eq > 0 ? spec.substring(0, eq) : Path.of(spec).getFileName().toString();
        Path path = Path.of(eq > 0 ? spec.substring(eq + 1) : spec);
        sets.put(name, conditionFlags.load("--anomalous", path, scorer, limit, false).images());
      }
      Map<String, DefectSet> defectSets = Map.of();
      if (defects) {
        defectSets = SyntheticDefects.generate(normalHalf, scorer.input(), seed);
        defectSets.forEach((name, set) -> sets.put(name, set.images()));
      }
      Map<String, ScoreTable> setScores = new LinkedHashMap<>();
      for (Map.Entry<String, List<ImageRecord>> set : sets.entrySet()) {
        setScores.put(
            set.getKey(),
            Datasets.score(scorer, set.getKey(), set.getValue(), scorer.available(), maps, signed));
      }
      List<DecisionScore> decisionScores = candidates(scorer, maps != null);
      List<CandidateResult> results =
          Evaluation.run(
              bundle.manifest(),
              calibrationScores,
              normalScores,
              setScores,
              decisionScores,
              fpr,
              mapFlags.settings(),
              severityGroups(defectSets),
              fprSplits,
              seed);
      DecisionScore bundleDecision = Detector.decisionFor(bundle, null);
      MapReference mapReference = null;
      Map<String, LocalisationMetrics> localisation = new LinkedHashMap<>();
      if (maps != null) {
        Localisation located =
            Localisation.measure(
                bundle.manifest(),
                calibrationScores,
                bundleDecision,
                fpr,
                mapFlags.settings(),
                defectSets,
                setScores);
        mapReference = located.reference();
        localisation = located.sets();
        printLocalisation(located.located(), localisation);
        normalScores = LocalScores.ensure(normalScores, mapReference);
        for (Map.Entry<String, ScoreTable> e : setScores.entrySet()) {
          e.setValue(LocalScores.ensure(e.getValue(), mapReference));
        }
      }
      List<BaselineResult> baselineResults = List.of();
      if (baselines) {
        baselineResults =
            new BaselineRun(
                    scorer,
                    baselineData(bundle),
                    baselineLimit,
                    baselineEpochs,
                    seed,
                    onnx.options())
                .measure(normalHalf, sets, System.err);
      }
      EvaluationReport.Inputs inputs =
          new EvaluationReport.Inputs(
              bundle,
              scorer,
              fpr,
              seed,
              calibrationHalf.size(),
              normalHalf,
              normalScores,
              sets,
              setScores,
              results,
              bundleDecision,
              samples,
              onnx.options(),
              mapReference,
              localisation,
              baselineResults);
      Path html = EvaluationReport.write(inputs, report);
      print(results, setScores.keySet(), bundleDecision);
      printBaselines(baselineResults, setScores.keySet());
      printSeverities(results);
      printFalsePositives(results, fpr);
      System.out.println("wrote " + report.resolve("metrics.json") + " and " + html);
      if (writeDefault) {
        writeDefault(bundle, results);
      }
    }
    return 0;
  }

  /** {@code --data}: the frames protocol on an MVTec category. */
  private int evaluateFrames(double fpr) {
    if (normal != null || !anomalous.isEmpty() || defects) {
      throw new IllegalArgumentException(
          "--data evaluates a category on its own: leave out --normal, --anomalous and --defects");
    }
    try (Scorer scorer = Scorer.open(model.open(), onnx.options())) {
      MapKind kind = mapFlags.resolve(scorer);
      if (kind == null) {
        throw new IllegalArgumentException(
            "--data needs an evidence map: bundle "
                + scorer.bundle().manifest().id()
                + " gives none (train a pixelcnn, made or a flow)");
      }
      new FrameEvaluationRun(
              scorer,
              kind,
              data,
              report,
              fpr,
              frameFlags.sigma(),
              frameFlags.layout(scorer.input()),
              frameFlags.extraNormal)
          .run();
    }
    return 0;
  }

  /** {@code --baseline-data}, else the training data the manifest names. */
  private Path baselineData(Bundle bundle) {
    if (baselineData != null) {
      return baselineData;
    }
    Object recorded = bundle.manifest().training().get("data");
    if (recorded == null || !Files.exists(Path.of(recorded.toString()))) {
      throw new IllegalArgumentException(
          "--baselines needs the training images: bundle "
              + bundle.manifest().id()
              + " names "
              + (recorded == null ? "none" : recorded + ", which is not here")
              + "; give --baseline-data PATH");
    }
    return Path.of(recorded.toString());
  }

  private static void printBaselines(List<BaselineResult> baselines, Set<String> sets) {
    if (baselines.isEmpty()) {
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "%nbaselines (AUROC of bits/dim, then of complexity)%n  %-12s %9s",
        "density",
        "bits/dim");
    for (String set : sets) {
      System.out.printf(Locale.ROOT, " %24s", set);
    }
    System.out.println();
    for (BaselineResult b : baselines) {
      System.out.printf(Locale.ROOT, "  %-12s %9.4f", b.id(), b.normalBpd());
      for (String set : sets) {
        System.out.printf(
            Locale.ROOT,
            " %11.4f / %10.4f",
            b.bpd().get(set).auroc(),
            b.complexity().get(set).auroc());
      }
      System.out.println();
    }
  }

  /** Records the best candidate (mean AUROC over every set) as the bundle's default score. */
  private static void writeDefault(Bundle bundle, List<CandidateResult> results) {
    CandidateResult best = Candidates.best(results);
    String chosen = best.score();
    BundleWriter.update(bundle.dir(), m -> m.withDefaultScore(chosen));
    System.out.printf(
        Locale.ROOT,
        "default score of %s set to %s (mean AUROC %.4f over %d sets); re-run calibrate to"
            + " threshold it%n",
        bundle.manifest().id(),
        chosen,
        Candidates.meanAuroc(best),
        best.metrics().size());
  }

  private List<DecisionScore> candidates(Scorer scorer, boolean maps) {
    if (candidates == null || candidates.isEmpty()) {
      return Candidates.defaults(scorer.available(), maps);
    }
    return candidates.stream().map(DecisionScore::parse).toList();
  }

  private static void printLocalisation(
      DecisionScore decision, Map<String, LocalisationMetrics> localisation) {
    if (localisation.isEmpty()) {
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "%nlocalisation (boxes of images flagged by %s)%n  %-24s %10s %9s %9s %9s%n",
        decision,
        "set",
        "pixelAUROC",
        "flagged",
        "box hits",
        "box area");
    localisation.forEach(
        (set, m) ->
            System.out.printf(
                Locale.ROOT,
                "  %-24s %10.4f %9d %9.4f %9.4f%n",
                set,
                m.pixelAuroc(),
                m.detected(),
                m.boxHitRate(),
                m.meanBoxArea()));
  }

  /** Each defect set's rows by severity. */
  private static Map<String, Map<String, int[]>> severityGroups(Map<String, DefectSet> defectSets) {
    Map<String, Map<String, int[]>> groups = new LinkedHashMap<>();
    defectSets.forEach((name, set) -> groups.put(name, set.bySeverity()));
    return groups;
  }

  /**
   * The realised false-positive rate of each score next to what chance allows: one reading alone
   * cannot tell a broken calibration from an unlucky split.
   */
  private static void printFalsePositives(List<CandidateResult> results, double alpha) {
    System.out.printf(
        Locale.ROOT,
        "%nfalse positives at alpha %s on held-out normal images%n  %-28s %9s %15s %21s%n",
        alpha,
        "score",
        "realised",
        "expected (90%)",
        "re-splits: mean, 5-95%");
    for (CandidateResult r : results) {
      FprRange expected = r.expectedFpr();
      FprSpread spread = r.resplitFpr();
      System.out.printf(
          Locale.ROOT,
          "%s %-28s %9.4f %7.4f-%.4f %s%n",
          expected.contains(r.realizedFpr()) ? " " : "!",
          r.score(),
          r.realizedFpr(),
          expected.low(),
          expected.high(),
          spread.measured()
              ? String.format(
                  Locale.ROOT,
                  "%8.4f, %.4f-%.4f (%d)",
                  spread.mean(),
                  spread.low(),
                  spread.high(),
                  spread.splits())
              : "");
    }
    System.out.println(
        "! marks a reading outside the range nine calibrations in ten give when the halves are"
            + " exchangeable");
  }

  private static void printSeverities(List<CandidateResult> results) {
    if (results.isEmpty() || results.get(0).groups().isEmpty()) {
      return;
    }
    System.out.printf(Locale.ROOT, "%nAUROC by severity (subtle / moderate / strong)%n");
    System.out.printf(Locale.ROOT, "  %-22s", "set");
    for (CandidateResult r : results) {
      System.out.printf(Locale.ROOT, " %-22s", r.score());
    }
    System.out.println();
    for (String set : results.get(0).groups().keySet()) {
      System.out.printf(Locale.ROOT, "  %-22s", set);
      for (CandidateResult r : results) {
        StringBuilder cell = new StringBuilder();
        for (DetectionMetrics m : r.groups().get(set).values()) {
          cell.append(cell.length() == 0 ? "" : " ")
              .append(String.format(Locale.ROOT, "%.3f", m.auroc()));
        }
        System.out.printf(Locale.ROOT, " %-22s", cell);
      }
      System.out.println();
    }
  }

  private static void print(
      List<CandidateResult> results, Iterable<String> sets, DecisionScore bundleDecision) {
    for (String set : sets) {
      System.out.printf(Locale.ROOT, "%n%s%n", set);
      System.out.printf(
          Locale.ROOT,
          "  %-28s %8s %8s %9s %8s %9s %9s%n",
          "score",
          "AUROC",
          "AUPRC",
          "FPR@95TPR",
          "FPR80",
          "TPR@thr",
          "real.FPR");
      for (CandidateResult r : results) {
        DetectionMetrics m = r.metrics().get(set);
        System.out.printf(
            Locale.ROOT,
            "%s %-28s %8.4f %8.4f %9.4f %8.4f %9.4f %9.4f%n",
            r.score().equals(bundleDecision.id()) ? "*" : " ",
            r.score(),
            m.auroc(),
            m.auprc(),
            m.fprAt95Tpr(),
            m.fprAt80Tpr(),
            r.tprAtThreshold().get(set),
            r.realizedFpr());
      }
    }
    System.out.println("\n* the bundle's decision score");
  }
}
