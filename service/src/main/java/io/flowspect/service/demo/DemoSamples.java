package io.flowspect.service.demo;

import io.flowspect.core.data.IdxFile;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.image.SizeCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The sample images bundled with the service (class-path folder {@code demo/}, built by {@code
 * scripts/make-demo-samples}): 500 Fashion-MNIST test images (test set 5,000 to 5,499, held out
 * from both the training and the calibration of {@code models/fmnist-glow}) and 250 MNIST digits
 * (every 40th of the 10,000, 21 to 28 of each digit), with their labels. 28 x 28 gray, about 260 KB
 * gzipped in all.
 *
 * <p>Fashion-MNIST (Zalando Research) is MIT-licensed; MNIST (LeCun, Cortes and Burges) is CC BY-SA
 * 3.0.
 *
 * @param fashion the Fashion-MNIST images
 * @param fashionLabels their classes, 0..9 ({@link #FASHION_CLASSES})
 * @param digits the MNIST images
 * @param digitLabels their digits
 */
public record DemoSamples(
    IdxImages fashion, int[] fashionLabels, IdxImages digits, int[] digitLabels) {

  /** Fashion-MNIST class names by label, as they appear in demo image ids. */
  public static final String[] FASHION_CLASSES = {
    "t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot"
  };

  /** Checks that every image has a label and that all images have one shape. */
  public DemoSamples {
    if (fashion.count() != fashionLabels.length || digits.count() != digitLabels.length) {
      throw new IllegalArgumentException(
          "every sample needs a label: "
              + fashion.count()
              + " Fashion-MNIST images with "
              + fashionLabels.length
              + " labels, "
              + digits.count()
              + " digits with "
              + digitLabels.length
              + " labels");
    }
    SizeCheck.requireSame(
        fashion.rows(),
        fashion.cols(),
        digits.rows(),
        digits.cols(),
        (one, other) -> "samples must share one size, got " + one + " and " + other);
  }

  /**
   * Reads the bundled samples.
   *
   * @return the samples
   * @throws IllegalStateException if a resource is missing (a broken build)
   */
  public static DemoSamples bundled() {
    return new DemoSamples(
        read("demo/fashion-images-idx3-ubyte.gz", in -> IdxFile.readImages(in, "demo/fashion")),
        read("demo/fashion-labels-idx1-ubyte.gz", in -> IdxFile.readLabels(in, "demo/fashion")),
        read("demo/mnist-images-idx3-ubyte.gz", in -> IdxFile.readImages(in, "demo/mnist")),
        read("demo/mnist-labels-idx1-ubyte.gz", in -> IdxFile.readLabels(in, "demo/mnist")));
  }

  private interface Reader<T> {
    T read(InputStream in);
  }

  private static <T> T read(String resource, Reader<T> reader) {
    try (InputStream in = DemoSamples.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "the demo sample " + resource + " is missing from the class path");
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo sample " + resource, e);
    }
  }

  /**
   * Returns a Fashion-MNIST image's pixels.
   *
   * @param index 0 .. {@code fashion().count() - 1}
   * @return row-major gray bytes, a copy
   */
  public byte[] fashionPixels(int index) {
    return pixels(fashion, index);
  }

  /**
   * Returns a digit's pixels.
   *
   * @param index 0 .. {@code digits().count() - 1}
   * @return row-major gray bytes, a copy
   */
  public byte[] digitPixels(int index) {
    return pixels(digits, index);
  }

  private static byte[] pixels(IdxImages images, int index) {
    int size = images.rows() * images.cols();
    byte[] out = new byte[size];
    System.arraycopy(images.pixels(), index * size, out, 0, size);
    return out;
  }
}
