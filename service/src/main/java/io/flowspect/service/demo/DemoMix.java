package io.flowspect.service.demo;

import java.util.List;

/**
 * What the demo stream is made of.
 *
 * @param lines record keys, used in turn; at least one
 * @param digitShare share of MNIST digits
 * @param defectShare share of defective Fashion-MNIST images
 * @param corruptShare share of truncated PNGs
 * @param rawShare share of readable images sent as raw pixels instead of PNG
 * @param seed seed of the sequence
 */
public record DemoMix(
    List<String> lines,
    double digitShare,
    double defectShare,
    double corruptShare,
    double rawShare,
    long seed) {

  /** Validates, naming the setting at fault; copies the lines. */
  public DemoMix {
    if (lines == null || lines.isEmpty() || lines.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "flowspect.demo.lines must name at least one line, without blanks, got " + lines);
    }
    lines = List.copyOf(lines);
    check("digit-share", digitShare);
    check("defect-share", defectShare);
    check("corrupt-share", corruptShare);
    check("raw-share", rawShare);
    double special = digitShare + defectShare + corruptShare;
    if (special > 1) {
      throw new IllegalArgumentException(
          "flowspect.demo.digit-share + defect-share + corrupt-share must be at most 1, got "
              + special);
    }
  }

  private static void check(String key, double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "flowspect.demo." + key + " must be in 0..1, got " + share);
    }
  }

  /**
   * Returns the defaults of {@link DemoSettings}.
   *
   * @return three lines, 5% digits, 5% defects, 1% corrupt, 25% raw, seed 1
   */
  public static DemoMix defaults() {
    return new DemoMix(List.of("line-1", "line-2", "line-3"), 0.05, 0.05, 0.01, 0.25, 1);
  }
}
