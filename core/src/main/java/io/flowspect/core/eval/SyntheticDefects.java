package io.flowspect.core.eval;

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

/** Anomalous sets made from normal images with the seeded defect generator, one set per kind. */
public final class SyntheticDefects {

  /** Prefix of the sets' names, e.g. "defect:scratch". */
  public static final String PREFIX = "defect:";

  private SyntheticDefects() {}

  /**
   * Applies every defect kind to every image (each image gets one defect of each kind, with a
   * random severity keyed by its index, so the sets are reproducible and paired).
   *
   * @param normal the images to paint on, in the model input
   * @param spec the model input
   * @param seed the generator's seed
   * @return one set per kind, named {@code defect:KIND}
   */
  public static Map<String, DefectSet> generate(
      List<ImageRecord> normal, InputSpec spec, long seed) {
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

  private static String name(DefectKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
