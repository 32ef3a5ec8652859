package io.flowspect.core.image;

/**
 * The check that an image, a tile or a mask has the width and height something else expects, with a
 * message that states both sizes as "W x H". Frames, tiles, masks and sample sets all meet this
 * check; writing it once keeps the comparison and the wording of the sizes alike everywhere.
 * Stateless.
 */
public final class SizeCheck {

  /** Words a mismatch, given both sizes already written "W x H". */
  @FunctionalInterface
  public interface Message {
    /**
     * Builds the message.
     *
     * @param size the size found, "W x H"
     * @param expected the size expected, "W x H"
     * @return the message
     */
    String of(String size, String expected);
  }

  private SizeCheck() {}

  /**
   * Requires equal sizes.
   *
   * @param width the width found (or first extent)
   * @param height the height found (or second extent)
   * @param expectedWidth the width expected
   * @param expectedHeight the height expected
   * @param message words the mismatch
   * @throws IllegalArgumentException with that message if either extent differs
   */
  public static void requireSame(
      int width, int height, int expectedWidth, int expectedHeight, Message message) {
    if (width != expectedWidth || height != expectedHeight) {
      throw new IllegalArgumentException(
          message.of(text(width, height), text(expectedWidth, expectedHeight)));
    }
  }

  /**
   * Writes a size for messages.
   *
   * @param width the width
   * @param height the height
   * @return "W x H"
   */
  public static String text(int width, int height) {
    return width + " x " + height;
  }
}
