package io.flowspect.trainer.model;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamStore;
import java.util.Set;

/**
 * A student trained by probability density distillation (van den Oord et al. 2018): it never sees
 * images; each step draws noise, turns it into the student's samples in one parallel pass, and
 * lowers KL(student || teacher) = E[log q(x) - log p_teacher(x)] through the frozen teacher's
 * density. Its bundle's density is the teacher's (exact); its sampling graph is the student's.
 */
public interface DistilledNetwork extends DensityNetwork {

  /**
   * log q(x) - log p_teacher(x) of the student's sample from each row of noise: the per-sample
   * estimate of the KL the training lowers.
   *
   * @param noise standard-normal [N, D]
   * @return [N], nats
   */
  <T> T distillationGap(Ops<T> ops, T noise);

  /**
   * Returns the teacher's parameters, which training loads and freezes.
   *
   * @return their names
   */
  Set<String> teacherParameters();

  /**
   * Writes the teacher's trained values into the store, from the teacher bundle the settings name,
   * and starts the student at the training images' per-value marginals, where the teacher's density
   * is moderate (from noise it can be so small that the first gradients overflow).
   *
   * @param params the student's store, which holds the teacher's parameters too
   * @param train the training images (only their marginals are read)
   * @throws IllegalArgumentException if the teacher bundle is missing or does not match
   */
  void loadTeacher(ParamStore params, java.util.List<io.flowspect.core.data.ImageRecord> train);
}
