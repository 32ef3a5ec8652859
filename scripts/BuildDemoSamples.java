import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the sample images the service's demo producer streams ({@code
 * service/src/main/resources/demo/}): a slice of the Fashion-MNIST test set (the normal images)
 * and a spread of MNIST digits (the out-of-distribution ones), as gzipped IDX files with labels.
 *
 * <p>Run with the JDK alone, no build: {@code java scripts/BuildDemoSamples.java <fashion-dir>
 * <mnist-dir> <out-dir>} ({@code scripts/make-demo-samples} passes the usual places). Fashion-MNIST
 * images are test images {@value #FASHION_FROM} to {@value #FASHION_FROM} + {@value #FASHION_COUNT}
 * - 1: the reference bundle {@code models/fmnist-glow} is calibrated on the first 5,000 test
 * images, so the demo's normal images are held out from both training and calibration and their
 * p-values are uniform, as a new production image's would be. Digits are every {@value
 * #MNIST_STEP}-th image of {@code data/mnist} (which is ordered by digit), so every digit appears.
 *
 * <p>Deterministic: the same inputs give byte-identical outputs (Java's gzip writes no time stamp).
 * Exits with status 1 and a message naming the file when an input is missing or not IDX.
 */
public final class BuildDemoSamples {

  static final int FASHION_FROM = 5_000;
  static final int FASHION_COUNT = 500;
  static final int MNIST_STEP = 40;
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private BuildDemoSamples() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println(
          "usage: java scripts/BuildDemoSamples.java <fashion-mnist-dir> <mnist-dir> <out-dir>");
      System.exit(2);
    }
    Path fashion = Path.of(args[0]);
    Path mnist = Path.of(args[1]);
    Path out = Path.of(args[2]);
    try {
      Idx fashionImages = Idx.read(fashion.resolve("t10k-images-idx3-ubyte.gz"), IMAGES_MAGIC);
      Idx fashionLabels = Idx.read(fashion.resolve("t10k-labels-idx1-ubyte.gz"), LABELS_MAGIC);
      int[] fashionPick = new int[FASHION_COUNT];
      for (int i = 0; i < FASHION_COUNT; i++) {
        fashionPick[i] = FASHION_FROM + i;
      }
      Idx mnistImages = Idx.read(mnist.resolve("mnist-images-idx3-ubyte.gz"), IMAGES_MAGIC);
      Idx mnistLabels = Idx.read(mnist.resolve("mnist-labels-idx1-ubyte.gz"), LABELS_MAGIC);
      int[] mnistPick = new int[mnistImages.count() / MNIST_STEP];
      for (int i = 0; i < mnistPick.length; i++) {
        mnistPick[i] = i * MNIST_STEP;
      }
      Files.createDirectories(out);
      fashionImages.subset(fashionPick).write(out.resolve("fashion-images-idx3-ubyte.gz"));
      fashionLabels.subset(fashionPick).write(out.resolve("fashion-labels-idx1-ubyte.gz"));
      mnistImages.subset(mnistPick).write(out.resolve("mnist-images-idx3-ubyte.gz"));
      mnistLabels.subset(mnistPick).write(out.resolve("mnist-labels-idx1-ubyte.gz"));
      System.out.printf(
          "BuildDemoSamples: wrote %d Fashion-MNIST test images (%d..%d) and %d MNIST digits to"
              + " %s%n",
          fashionPick.length,
          FASHION_FROM,
          FASHION_FROM + FASHION_COUNT - 1,
          mnistPick.length,
          out);
    } catch (IllegalArgumentException e) {
      System.err.println("BuildDemoSamples: " + e.getMessage());
      System.exit(1);
    }
  }

  /** An IDX file of unsigned bytes: its dimensions and its body. */
  private record Idx(int magic, int[] dims, byte[] body) {

    int count() {
      return dims[0];
    }

    /** Bytes per item: the product of the dimensions after the first. */
    int itemSize() {
      int size = 1;
      for (int i = 1; i < dims.length; i++) {
        size *= dims[i];
      }
      return size;
    }

    static Idx read(Path file, int magic) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(file + ": no such file");
      }
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
          DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
        int found = in.readInt();
        if (found != magic) {
          throw new IllegalArgumentException(
              String.format("%s: magic 0x%08x, expected 0x%08x", file, found, magic));
        }
        int[] dims = new int[magic & 0xFF];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
          dims[i] = in.readInt();
          size *= dims[i];
        }
        byte[] body = in.readNBytes((int) size);
        if (body.length != size) {
          throw new IllegalArgumentException(
              file + ": truncated: " + body.length + " of " + size + " bytes");
        }
        return new Idx(magic, dims, body);
      }
    }

    Idx subset(int[] indices) {
      int size = itemSize();
      byte[] picked = new byte[indices.length * size];
      for (int i = 0; i < indices.length; i++) {
        if (indices[i] < 0 || indices[i] >= count()) {
          throw new IllegalArgumentException(
              "item " + indices[i] + " asked for, the file holds " + count());
        }
        System.arraycopy(body, indices[i] * size, picked, i * size, size);
      }
      int[] newDims = dims.clone();
      newDims[0] = indices.length;
      return new Idx(magic, newDims, picked);
    }

    void write(Path file) throws IOException {
      try (DataOutputStream out =
          new DataOutputStream(
              new GZIPOutputStream(
                  new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)))) {
        out.writeInt(magic);
        for (int d : dims) {
          out.writeInt(d);
        }
        out.write(body);
      }
    }
  }
}
