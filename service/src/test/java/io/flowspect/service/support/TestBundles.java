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

  /**
   * Returns the tiny bundles of the families from the rest of the zoo ({@code fvsbn}, {@code nade},
   * {@code rnade}, {@code mintnet}, {@code pixelrnn}, {@code gaussianization}, {@code diffusion},
   * {@code iaf}, whose density is its MAF teacher's and whose sampler is the student): on 14 x 14
   * images (the service resizes 28 x 28 input to them), calibrated; all but the Gaussianization
   * flow (whose rotations mix pixels) with {@code pixel_nll} (the diffusion model's is its
   * noise-and-denoise map).
   *
   * @return family id to its bundle folder
   */
  public static java.util.Map<String, Path> zoo() {
    java.util.Map<String, Path> out = new java.util.LinkedHashMap<>();
    for (String family :
        java.util.List.of(
            "fvsbn",
            "nade",
            "rnade",
            "mintnet",
            "pixelrnn",
            "gaussianization",
            "diffusion",
            "iaf")) {
      out.put(family, resource("bundles/fmnist-" + family + "-tiny"));
    }
    return out;
  }

  /**
   * Returns the tiny sensor bundle: a WaveNet of 256-sample windows of the simulated 12 kHz gearbox
   * accelerometer (4 g full scale, mu-law coded; its manifest declares the coding), calibrated with
   * {@code fisher:complexity+local} on the per-sample NLL.
   *
   * @return the bundle folder
   */
  public static Path signals() {
    return resource("bundles/signals-wavenet-tiny");
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
