package io.flowspect.trainer.iaf;

import io.flowspect.trainer.autoregressive.MafConfig;

/**
 * The student and its teacher.
 *
 * @param mades student layers (IAF steps), each a MADE
 * @param hidden units of each hidden layer of the student's MADEs
 * @param hiddenLayers hidden layers of each student MADE
 * @param teacher the teacher MAF's architecture (from its manifest)
 * @param teacherPath the teacher bundle, as given to {@code --teacher}
 */
public record IafConfig(
    int mades, int hidden, int hiddenLayers, MafConfig teacher, String teacherPath) {

  /** Setting: the teacher bundle's folder. */
  public static final String TEACHER = "teacher";

  /** Settings: the teacher's architecture, recorded so the bundle rebuilds without the teacher. */
  public static final String TEACHER_MADES = "teacher_mades";

  public static final String TEACHER_HIDDEN = "teacher_hidden";
  public static final String TEACHER_HIDDEN_LAYERS = "teacher_hidden_layers";

  public IafConfig {
    if (mades < 1 || hidden < 1 || hiddenLayers < 1) {
      throw new IllegalArgumentException(
          "iaf needs at least one --mades, --hidden unit and --hidden-layers; found "
              + mades
              + ", "
              + hidden
              + ", "
              + hiddenLayers);
    }
  }
}
