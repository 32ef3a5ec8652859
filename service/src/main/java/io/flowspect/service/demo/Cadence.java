package io.flowspect.service.demo;

/** Checks of the side lines' settings: how often they send a record and how many are faulty. */
final class Cadence {

  private Cadence() {}

  /**
   * Checks one side line's settings.
   *
   * @param every one record in this many is the line's, at least 1
   * @param shareName the share's name, for the message
   * @param share the share of anomalous records, 0..1
   * @throws IllegalArgumentException naming the setting out of range
   */
  static void check(int every, String shareName, double share) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be at least 1, got " + every);
    }
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(shareName + " must be in 0..1, got " + share);
    }
  }
}
