package io.flowspect.trainer.iaf;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.autoregressive.AutoregressiveFamilies;
import io.flowspect.trainer.autoregressive.MafConfig;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DeclaredFamily;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.SettingFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The IAF student's {@code train} settings. {@code --teacher BUNDLE} names a MAF bundle: the
 * student takes its input shape and architecture from the teacher's manifest while the bundle is
 * there, and from the settings its own manifest recorded otherwise (a student bundle rebuilds
 * without its teacher's folder).
 */
public final class IafFamily extends DeclaredFamily {

  public IafFamily() {
    super(
        InverseAutoregressiveFlow.FAMILY,
        Map.of(
            "mades",
            2,
            "hidden",
            512,
            "hidden_layers",
            1,
            IafConfig.TEACHER,
            "",
            IafConfig.TEACHER_MADES,
            4,
            IafConfig.TEACHER_HIDDEN,
            512,
            IafConfig.TEACHER_HIDDEN_LAYERS,
            1),
        concat(
            AutoregressiveFamilies.MADE_FLAGS,
            new SettingFlag(
                "--teacher",
                IafConfig.TEACHER,
                "iaf: the maf bundle the student is distilled from; the student takes its input"
                    + " and scores with its exact density",
                text -> text)));
  }

  private static List<SettingFlag> concat(List<SettingFlag> shared, SettingFlag own) {
    List<SettingFlag> all = new java.util.ArrayList<>(shared);
    all.add(own);
    return all;
  }

  @Override
  public InputSpec input(InputSpec requested, Map<String, Object> settings) {
    Manifest teacher = teacherManifest(settings);
    return teacher == null ? requested : teacher.input();
  }

  @Override
  public GenerativeNetwork build(Architecture a) {
    Manifest teacher = teacherManifest(a.settings());
    MafConfig maf;
    if (teacher != null) {
      if (!teacher.family().equals("maf") && !teacher.family().equals("made")) {
        throw new IllegalArgumentException(
            "--teacher "
                + a.text(IafConfig.TEACHER)
                + " is a "
                + teacher.family()
                + " bundle; an iaf is distilled from a maf (or made) teacher");
      }
      Map<String, Object> hp = teacher.hyperparameters();
      maf =
          new MafConfig(
              teacher.input(),
              ((Number) hp.get("mades")).intValue(),
              ((Number) hp.get("hidden")).intValue(),
              ((Number) hp.get("hidden_layers")).intValue());
    } else {
      maf =
          new MafConfig(
              a.input(),
              a.integer(IafConfig.TEACHER_MADES),
              a.integer(IafConfig.TEACHER_HIDDEN),
              a.integer(IafConfig.TEACHER_HIDDEN_LAYERS));
    }
    return new InverseAutoregressiveFlow(
        new IafConfig(
            a.integer("mades"),
            a.integer("hidden"),
            a.integer("hidden_layers"),
            maf,
            a.text(IafConfig.TEACHER)));
  }

  /** The teacher bundle's manifest, or null when no teacher folder is named or it is gone. */
  private static Manifest teacherManifest(Map<String, Object> settings) {
    Object path = settings.get(IafConfig.TEACHER);
    if (path == null || path.toString().isBlank()) {
      return null;
    }
    Path dir = Path.of(path.toString());
    if (!Files.isDirectory(dir)) {
      return null;
    }
    return Bundle.open(dir).manifest();
  }
}
