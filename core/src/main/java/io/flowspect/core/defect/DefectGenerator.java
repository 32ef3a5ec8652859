package io.flowspect.core.defect;

import io.flowspect.core.image.InputSpec;
import java.util.Random;

/**
 * Paints seeded synthetic production defects onto good images, to evaluate anomaly detection before
 * (and beyond) the defect images a production line can supply.
 *
 * <p>Reproducible in two ways. {@link #apply(byte[], DefectKind, Severity, long)} and {@link
 * #apply(byte[], DefectKind, long)} are pure: the result depends only on the generator's seed, the
 * image, the kind, the severity and the call's key, so an evaluation can key each defect by its
 * image index and run in any order or in parallel. The shorter overloads draw the key from a
 * sequence seeded by the generator's seed: the same seed and the same calls in the same order give
 * the same defects. Identical on every JVM: {@link java.util.Random} and {@link StrictMath} are
 * specified to the bit.
 *
 * <p>Every defect changes at least one pixel: a placement that changes nothing (a hole on an
 * already dark spot) or that misses the severity's window ({@link Severity}) is drawn again, up to
 * {@value #ATTEMPTS} times, from the same seeded sequence. The input is never modified.
 *
 * <p>Thread-safe: the pure overloads share no state, and the sequence of the others is
 * synchronised.
 */
public final class DefectGenerator {

  /** The most placements tried for one defect. */
  public static final int ATTEMPTS = 200;

  private final InputSpec spec;
  private final long seed;
  private final Random keys;

  /**
   * Creates a generator for images of one shape.
   *
   * @param spec the images' channels, height and width; {@link InputSpec#dims()} bytes each
   * @param seed makes the defects reproducible; a different seed gives different defects
   */
  public DefectGenerator(InputSpec spec, long seed) {
    if (spec == null) {
      throw new IllegalArgumentException("spec must not be null");
    }
    this.spec = spec;
    this.seed = seed;
    this.keys = new Random(seed);
  }

  /**
   * Returns the shape of the images this generator paints on.
   *
   * @return the spec given at construction
   */
  public InputSpec spec() {
    return spec;
  }

  /**
   * Paints a defect of a random severity, keyed by the next value of this generator's sequence.
   *
   * @param chw a good image, {@link InputSpec#dims()} unsigned bytes in CHW order; not modified
   * @param kind what to paint
   * @return the defect
   */
  public Defect apply(byte[] chw, DefectKind kind) {
    return apply(chw, kind, nextKey());
  }

  /**
   * Paints a defect keyed by the next value of this generator's sequence.
   *
   * @param chw a good image, {@link InputSpec#dims()} unsigned bytes in CHW order; not modified
   * @param kind what to paint
   * @param severity how large
   * @return the defect
   */
  public Defect apply(byte[] chw, DefectKind kind, Severity severity) {
    return apply(chw, kind, severity, nextKey());
  }

  /**
   * Paints a defect of a severity drawn uniformly from the key: the same as {@link #apply(byte[],
   * DefectKind, Severity, long)} with that severity and the same key.
   *
   * @param chw a good image, {@link InputSpec#dims()} unsigned bytes in CHW order; not modified
   * @param kind what to paint
   * @param key selects the defect, e.g. the image's index; independent of the call order
   * @return the defect
   */
  public Defect apply(byte[] chw, DefectKind kind, long key) {
    Severity[] all = Severity.values();
    Random pick = new Random(Dice.mix(Dice.mix(seed, key), 0x5E7E517L));
    return apply(chw, kind, all[pick.nextInt(all.length)], key);
  }

  /**
   * Paints a defect, a pure function of this generator's seed and the arguments.
   *
   * @param chw a good image, {@link InputSpec#dims()} unsigned bytes in CHW order; not modified
   * @param kind what to paint
   * @param severity how large
   * @param key selects the defect, e.g. the image's index; independent of the call order
   * @return the defect, changing at least one pixel; a {@link Severity#SUBTLE} one changes 6 to 40
   * @throws IllegalArgumentException if the image cannot take the defect: every placement left it
   *     unchanged (a hole in a black image) or, for {@link Severity#SUBTLE}, none changed 6 to 40
   *     pixels
   */
  public Defect apply(byte[] chw, DefectKind kind, Severity severity, long key) {
    if (chw == null) {
      throw new IllegalArgumentException("chw must not be null");
    }
    if (chw.length != spec.dims()) {
      throw new IllegalArgumentException(
          "chw must hold channels * height * width = "
              + spec.dims()
              + " bytes for "
              + spec.channels()
              + " x "
              + spec.height()
              + " x "
              + spec.width()
              + ", got "
              + chw.length);
    }
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (severity == null) {
      throw new IllegalArgumentException("severity must not be null");
    }
    // The kind's name, not its ordinal, so that adding a kind does not change the others' defects.
    Dice dice = new Dice(Dice.mix(Dice.mix(seed, key), kind.name().hashCode()));
    byte[] good = chw.clone(); // a caller's thread cannot change the image under the painter
    ObjectMap objects = ObjectMap.of(good, spec.channels(), spec.height(), spec.width());
    DefectPainter painter = painter(kind);
    double area = Math.min(spec.height(), spec.width()) / Canvas.DESIGN_SIDE;
    area *= area;
    int lo = severity.isHardBound() ? severity.minChanged() : scaled(severity.minChanged(), area);
    int hi = severity.isHardBound() ? severity.maxChanged() : scaled(severity.maxChanged(), area);
    Attempt closest = null;
    long closestMiss = Long.MAX_VALUE;
    for (int i = 0; i < ATTEMPTS; i++) {
      Canvas canvas = new Canvas(good, spec.channels(), spec.height(), spec.width());
      painter.paint(canvas, objects, severity, dice);
      Attempt attempt = canvas.finish();
      int changed = attempt.changed();
      if (changed >= lo && changed <= hi) {
        return attempt.toDefect(kind, severity);
      }
      long miss = changed < lo ? (long) lo - changed : (long) changed - hi;
      if (changed > 0 && miss < closestMiss) {
        closest = attempt;
        closestMiss = miss;
      }
    }
    if (closest == null || severity.isHardBound()) {
      throw new IllegalArgumentException(
          "chw cannot take a "
              + severity
              + " "
              + kind
              + ": no placement of "
              + ATTEMPTS
              + " changed "
              + (severity.isHardBound() ? lo + " to " + hi : "any")
              + " pixels (closest: "
              + (closest == null ? 0 : closest.changed())
              + ")");
    }
    return closest.toDefect(kind, severity);
  }

  private synchronized long nextKey() {
    return keys.nextLong();
  }

  private static int scaled(int pixels, double area) {
    return pixels == Integer.MAX_VALUE ? pixels : (int) Math.max(1, Math.round(pixels * area));
  }

  private static DefectPainter painter(DefectKind kind) {
    return switch (kind) {
      case SCRATCH -> new ScratchPainter();
      case HOLE -> new HolePainter();
      case STAIN -> new StainPainter();
      case CUTOUT -> new CutoutPainter();
      case NOISE_PATCH -> new NoisePatchPainter();
      case FOREIGN_OBJECT -> new ForeignObjectPainter();
      case SMEAR -> new SmearPainter();
      case FOLD -> new FoldPainter();
      case DEAD_PIXELS -> new DeadPixelsPainter();
      case TEAR -> new TearPainter();
    };
  }
}
