package io.flowspect.service.support;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The tiny bundles under {@code src/test/resources/bundles} (see the README there). */
public final class TestBundles {

  private TestBundles() {}

  /**
   * Returns the MADE bundle: autoregressive, with {@code pixel_nll}, calibrated.
   *
   * @return its folder
   */
  public static Path made() {
    return resource("bundles/fmnist-made-tiny");
  }

  /**
   * Returns the NICE bundle: a flow, calibrated.
   *
   * @return its folder
   */
  public static Path nice() {
    return resource("bundles/fmnist-nice-tiny");
  }

  /**
   * Returns the conditional VAE bundle: cvae conditioned on the Fashion-MNIST class ({@code label}:
   * t-shirt, trouser, ..., boot), calibrated.
   *
   * @return its folder
   */
  public static Path cvae() {
    return resource("bundles/fmnist-cvae-tiny");
  }

  /**
   * Returns the frames bundle: a Glow trained on 16 x 16 patches of the 64 x 64 grid fixture and
   * calibrated for whole frames, so that a 64 x 64 frame gets a frame score and regions.
   *
   * @return its folder
   */
  public static Path frames() {
    return resource("bundles/frames-grid-tiny");
  }

  private static Path resource(String name) {
    URL url = TestBundles.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException("test resource " + name + " is missing");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
