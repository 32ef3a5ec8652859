package io.flowspect.trainer.cli;

import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.defect.Defect;
import io.flowspect.core.defect.DefectGenerator;
import io.flowspect.core.defect.DefectKind;
import io.flowspect.core.defect.Severity;
import io.flowspect.core.image.InputSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/** Anomalous sets made from normal images with the seeded defect generator, one set per kind. */
final class SyntheticDefects {

  /** Prefix of the sets' names, e.g. "defect:scratch". */
  static final String PREFIX = "defect:";

  private SyntheticDefects() {}

  /**
   * Applies every defect kind to every image (each image gets one defect of each kind, with a
   * random severity keyed by its index, so the sets are reproducible and paired).
   */
  static Map<String, DefectSet> generate(List<ImageRecord> normal, InputSpec spec, long seed) {
    DefectGenerator generator = new DefectGenerator(spec, seed);
    Map<String, DefectSet> sets = new LinkedHashMap<>();
    for (DefectKind kind : DefectKind.values()) {
      List<ImageRecord> images = new ArrayList<>(normal.size());
      boolean[][] changed = new boolean[normal.size()][];
      boolean[][] touched = new boolean[normal.size()][];
      Severity[] severities = new Severity[normal.size()];
      for (int i = 0; i < normal.size(); i++) {
        ImageRecord r = normal.get(i);
        Defect d = generator.apply(r.chw(), kind, (long) i);
        images.add(new ImageRecord(r.id() + "+" + name(kind), d.image(), r.label()));
        changed[i] = d.changed();
        touched[i] = d.mask();
        severities[i] = d.severity();
      }
      sets.put(PREFIX + name(kind), new DefectSet(images, changed, touched, severities));
    }
    return sets;
  }

  /**
   * The defective images of one kind, the pixels each defect changed and touched (row-major masks)
   * and how large each is.
   */
  record DefectSet(
      List<ImageRecord> images, boolean[][] changed, boolean[][] touched, Severity[] severities) {

    /** The rows of each severity, in severity order, e.g. "subtle" to its rows. */
    Map<String, int[]> bySeverity() {
      Map<String, int[]> groups = new LinkedHashMap<>();
      for (Severity s : Severity.values()) {
        groups.put(
            s.name().toLowerCase(Locale.ROOT),
            IntStream.range(0, severities.length).filter(i -> severities[i] == s).toArray());
      }
      return groups;
    }
  }

  private static String name(DefectKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
