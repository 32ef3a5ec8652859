package io.flowspect.core.score;

import io.flowspect.core.Ids;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The named per-image scores Flowspect computes, with their units and which way is anomalous.
 *
 * <p>Scores are reported as their papers define them (so {@code log_px} is higher for more likely
 * images), and {@link #anomaly(double)} turns any of them into an anomaly score where higher means
 * more anomalous: calibration, p-values, ROC curves and decisions always use that orientation, so
 * no caller has to remember a sign.
 *
 * <p>Each score declares what it needs ({@link ScoreNeed}) and how it is computed from a batch's
 * passes; the {@link Scorer} offers the scores whose needs it meets and plans its passes from them.
 * Adding a score computed from existing passes is one constant here.
 *
 * <p>Why several scores: raw likelihood falls into a known trap (a model of Fashion-MNIST finds
 * MNIST digits more likely than its own test images, Nalisnick et al. 2019), because likelihood is
 * dominated by how simple an image is. {@link #LLR} and {@link #COMPLEXITY} remove that part;
 * {@link #TYPICALITY} looks at whether the likelihood is typical rather than high.
 */
public enum Score {
  /** Natural log of the discrete likelihood log p(x), nats. Higher is more normal. */
  LOG_PX("log_px", "nats", false, Set.of(), Passes::logPx),

  /** Bits per dimension, -log2 p(x) / D. Higher is more anomalous. */
  BPD("bpd", "bits/dim", true, Set.of(), Passes::bpd),

  /**
   * Likelihood ratio log p_model(x) - log p_background(x), nats, with the bundle's background model
   * trained on perturbed inputs (Ren et al. 2019, "Likelihood Ratios for Out-of-Distribution
   * Detection"). Higher is more normal.
   */
  LLR(
      "llr",
      "nats",
      false,
      Set.of(ScoreNeed.BACKGROUND),
      p -> p.each(i -> p.logPx()[i] - p.background()[i])),

  /**
   * Input-complexity-corrected likelihood: bpd(x) - L(x) / D, where L(x) is the length in bits of
   * the image under a general lossless compressor (Serrà et al. 2020, "Input Complexity and
   * Out-of-Distribution Detection with Likelihood-Based Generative Models"). Higher is more
   * anomalous.
   */
  COMPLEXITY(
      "complexity", "bits/dim", true, Set.of(), p -> p.each(i -> p.bpd()[i] - p.compressedBpd(i))),

  /**
   * Distance of the image's bpd from the typical bpd H of normal images, |bpd(x) - H| (Nalisnick et
   * al. 2019, "Detecting Out-of-Distribution Inputs to Deep Generative Models Using Typicality").
   * Higher is more anomalous.
   */
  TYPICALITY(
      "typicality",
      "bits/dim",
      true,
      Set.of(ScoreNeed.TYPICAL_BPD),
      p -> p.each(i -> Math.abs(p.bpd()[i] - p.typicalBpd()))),

  /**
   * Local evidence: the largest mean, over any square window, of the image's per-pixel evidence map
   * standardised against normal images (see {@code io.flowspect.core.local}). Catches small defects
   * that barely move the global likelihood. Needs a calibration's map statistics. Higher is more
   * anomalous.
   */
  LOCAL("local", "z", true, Set.of(ScoreNeed.MAP_REFERENCE), null),

  /**
   * Evidence lower bound of a latent-variable model (VAE), nats: the mean over K posterior samples
   * of log p(x, z) - log q(z | x), an estimate of E_q[log p(x, z) - log q(z | x)] &lt;= log p(x)
   * (Kingma and Welling 2014). Higher is more normal.
   */
  ELBO("elbo", "nats", false, Set.of(ScoreNeed.BOUNDS), p -> p.bounds().elbo()),

  /**
   * Importance-weighted bound of a latent-variable model, nats: log (1/K) sum_k p(x, z_k) / q(z_k |
   * x) over K posterior samples (Burda et al. 2016, "Importance Weighted Autoencoders"); never
   * below the ELBO of the same samples and tighter as K grows. A VAE's {@code log_px} and {@code
   * bpd} are this bound. Higher is more normal.
   */
  IWAE("iwae", "nats", false, Set.of(ScoreNeed.BOUNDS), p -> p.bounds().iwae()),

  /**
   * Likelihood ratio of a hierarchical VAE, nats: the IWAE bound minus that of L^{&gt;k}, the bound
   * whose k lowest latents come from their conditional prior rather than the posterior (Havtorn et
   * al. 2021, "Hierarchical VAEs Know What They Don't Know"). Low-level latents explain any image
   * well; L^{&gt;k} needs the semantic latents to explain it too, and falls for images unlike the
   * training data. Higher is more anomalous.
   */
  LLR_K("llr_k", "nats", true, Set.of(ScoreNeed.BOUNDS, ScoreNeed.LLR_K), p -> p.bounds().llrK()),

  /**
   * The ELBO of a latent-variable model in bits per dimension, -ELBO / (D ln 2): the scale of every
   * other model's {@code bpd} and of the manifest's {@code *_elbo_bpd} metrics, so that a VAE's
   * looser bound can be read beside a flow's exact bits/dim. Higher is more anomalous.
   */
  ELBO_BPD(
      "elbo_bpd",
      "bits/dim",
      true,
      Set.of(ScoreNeed.BOUNDS),
      p -> p.each(i -> Bits.bitsPerDim(p.bounds().elbo()[i], p.dims())));

  private final String id;
  private final String unit;
  private final boolean higherIsAnomalous;
  private final Set<ScoreNeed> needs;
  private final Function<Passes, double[]> formula;

  /**
   * @param needs what the score needs beyond the model's likelihood pass
   * @param formula the score's column from a batch's passes, or null for a score computed elsewhere
   *     from what the scorer gives ({@link #LOCAL}: from evidence maps)
   */
  Score(
      String id,
      String unit,
      boolean higherIsAnomalous,
      Set<ScoreNeed> needs,
      Function<Passes, double[]> formula) {
    this.id = id;
    this.unit = unit;
    this.higherIsAnomalous = higherIsAnomalous;
    this.needs = needs.isEmpty() ? EnumSet.noneOf(ScoreNeed.class) : EnumSet.copyOf(needs);
    this.formula = formula;
  }

  /**
   * Returns what the score needs beyond the model's own likelihood pass; a scorer offers the score
   * when it has all of it.
   *
   * @return the needs, possibly none
   */
  public Set<ScoreNeed> needs() {
    return Collections.unmodifiableSet(needs);
  }

  /** The score's column for a batch; only scores without {@link ScoreNeed#MAP_REFERENCE}. */
  double[] compute(Passes passes) {
    return formula.apply(passes);
  }

  /**
   * Returns the score's name as it appears in JSON, manifests and the CLI.
   *
   * @return e.g. "log_px"
   */
  public String id() {
    return id;
  }

  /**
   * Returns the unit of the score as reported.
   *
   * @return e.g. "nats"
   */
  public String unit() {
    return unit;
  }

  /**
   * Tells which way the reported value points.
   *
   * @return true when a higher reported value means more anomalous
   */
  public boolean higherIsAnomalous() {
    return higherIsAnomalous;
  }

  /**
   * Orients a reported value so that higher means more anomalous.
   *
   * @param value the score as reported
   * @return the value, negated for scores where higher is more normal
   */
  public double anomaly(double value) {
    return higherIsAnomalous ? value : -value;
  }

  /**
   * Looks a score up by its {@link #id()}, case-insensitively.
   *
   * @param id e.g. "llr"
   * @return the score
   * @throws IllegalArgumentException naming the id and the known ids
   */
  public static Score of(String id) {
    return Ids.of(values(), Score::id, id, "score", "known scores");
  }

  /**
   * Lists every score id, comma separated, for messages.
   *
   * @return e.g. "log_px, bpd, llr, complexity, typicality, local, elbo, iwae, llr_k, elbo_bpd"
   */
  public static String known() {
    return Ids.known(values(), Score::id);
  }

  @Override
  public String toString() {
    return id;
  }
}
