package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.trainer.export.BundleWeights;
import io.flowspect.trainer.iaf.DistillationCheck;
import io.flowspect.trainer.iaf.InverseAutoregressiveFlow;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowspect distillation}: an IAF student against its MAF teacher, side by side in one
 * process: samples per second of each at the same batch, and the teacher's bits/dim of each one's
 * samples.
 */
@Command(
    name = "distillation",
    mixinStandardHelpOptions = true,
    description =
        "Compare a distilled iaf bundle with its teacher: sampling speed at equal batch and the"
            + " teacher's bits/dim of each one's samples.")
final class DistillationCommand implements Callable<Integer> {

  @Mixin BundleFlag model;

  @Option(names = "--n", defaultValue = "256", description = "samples drawn by each")
  int n;

  @Option(names = "--batch", defaultValue = "64", description = "samples per pass")
  int batch;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Override
  public Integer call() {
    if (n < 1 || n > 100_000 || batch < 1) {
      throw new IllegalArgumentException(
          "--n must be in 1..100000 and --batch at least 1, found " + n + " and " + batch);
    }
    Bundle bundle = model.open();
    try (BundleWeights.Loaded loaded = BundleWeights.load(bundle)) {
      if (!(loaded.model() instanceof InverseAutoregressiveFlow student)) {
        throw new IllegalArgumentException(
            model
                + " is a "
                + bundle.manifest().family()
                + " bundle; distillation compares an iaf");
      }
      DistillationCheck.Result r = DistillationCheck.run(student, loaded.params(), n, batch, seed);
      System.out.printf(
          Locale.ROOT,
          "%-8s %10s   %s%n",
          "",
          "samples/s",
          "teacher bits/dim of the samples: mean, median (finite ones), non-finite");
      print("student", r.studentPerSecond(), r.student(), n);
      print("teacher", r.teacherPerSecond(), r.teacher(), n);
      System.out.printf(
          Locale.ROOT,
          "student %.0f x faster at batch %d (%d samples each)%s%n",
          r.speedup(),
          batch,
          n,
          r.student().anyFinite() && r.teacher().anyFinite()
              ? String.format(
                  Locale.ROOT,
                  "; its samples %+.4f bits/dim (mean) and %+.4f (median) against the teacher's"
                      + " own",
                  r.student().meanBpd() - r.teacher().meanBpd(),
                  r.student().medianBpd() - r.teacher().medianBpd())
              : "; one side has no sample with a finite log p under the teacher");
      return 0;
    }
  }

  private static void print(String who, double perSecond, DistillationCheck.Judged judged, int n) {
    System.out.printf(
        Locale.ROOT,
        "%-8s %10.2f   %s, %d of %d%n",
        who,
        perSecond,
        judged.anyFinite()
            ? String.format(Locale.ROOT, "%.4f, %.4f", judged.meanBpd(), judged.medianBpd())
            : "none finite",
        judged.nonFinite(),
        n);
  }
}
