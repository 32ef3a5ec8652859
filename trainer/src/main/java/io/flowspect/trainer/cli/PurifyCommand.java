package io.flowspect.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.data.LoadedImages;
import io.flowspect.core.data.SkippedInput;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.purify.Purification;
import io.flowspect.core.purify.Purifier;
import io.flowspect.core.purify.PurifyOptions;
import io.flowspect.core.report.Heatmap;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.trainer.train.Progress;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowspect purify}: PixelDefend purification of images with a PixelCNN bundle. Writes each
 * purified image as a PNG of the model's input size (so it can be scored again), a heatmap of what
 * changed, and one JSON line per image with the distances, the passes and log p before and after.
 *
 * <p>Adaptive mode: when the bundle is calibrated, only images whose p-value is at most {@code
 * --adaptive-p} (those that look anomalous) are purified; without a calibration every image is.
 */
@Command(
    name = "purify",
    mixinStandardHelpOptions = true,
    description =
        "PixelDefend: move each image, by at most --epsilon levels per sub-pixel, to where a"
            + " PixelCNN bundle finds it likely. Writes purified/<id>.png, diff/<id>.png (what"
            + " changed, over the input) and purify.jsonl.")
final class PurifyCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Target width of one heatmap panel in screen pixels, for choosing the upscaling factor. */
  private static final int PANEL_PIXELS = 128;

  @Mixin BundleFlag model;

  @Option(names = "--input", required = true, description = "IDX file or image folder")
  Path input;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(
      names = "--epsilon",
      defaultValue = "" + PurifyOptions.DEFAULT_EPSILON,
      description = "largest change of one sub-pixel, 0..255 levels (default: ${DEFAULT-VALUE})")
  int epsilon;

  @Option(
      names = "--adaptive-p",
      defaultValue = "0.05",
      description =
          "purify only images whose p-value is at most this (needs a calibrated bundle), or"
              + " 'off' to purify every image (default: ${DEFAULT-VALUE})")
  String adaptiveP;

  @Option(names = "--limit", defaultValue = "0", description = "purify at most N images (0: all)")
  int limit;

  @Option(
      names = "--batch",
      defaultValue = "" + PurifyOptions.DEFAULT_MAX_BATCH,
      description = "images per ONNX Runtime call (default: ${DEFAULT-VALUE})")
  int batch;

  @Mixin OnnxFlags onnx;

  @Override
  public Integer call() {
    if (epsilon < 0 || epsilon > 255) {
      throw new IllegalArgumentException("--epsilon must be in 0..255, got " + epsilon);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must be 0 (all) or positive, got " + limit);
    }
    Double threshold = adaptiveThreshold();
    Bundle bundle = model.open();
    PurifyOptions options =
        new PurifyOptions(
            epsilon, threshold == null ? PurifyOptions.ADAPTIVE_OFF : threshold, batch);
    try (Purifier purifier = Purifier.open(bundle, onnx.options(), options);
        DensityModel density = DensityModel.open(bundle, onnx.options())) {
      InputSpec spec = purifier.input();
      LoadedImages loaded = Datasets.load("--input", input, spec, limit);
      List<ImageRecord> images = loaded.images();
      double[] pValues = threshold == null ? null : pValues(bundle, images);

      int n = images.size();
      List<Purification> results = new ArrayList<>(n);
      double[] before = new double[n];
      double[] after = new double[n];
      Progress progress = Progress.console("purify", n);
      long purifyNanos = 0;
      long passes = 0;
      for (int start = 0; start < n; start += Datasets.CHUNK) {
        int end = Math.min(n, start + Datasets.CHUNK);
        List<byte[]> chunk = images.subList(start, end).stream().map(ImageRecord::chw).toList();
        double[] p = pValues == null ? null : Arrays.copyOfRange(pValues, start, end);
        long t0 = System.nanoTime();
        List<Purification> done = purifier.purify(chunk, p);
        purifyNanos += System.nanoTime() - t0;
        results.addAll(done);
        logPx(density, chunk, before, start);
        logPx(density, done.stream().map(Purification::purified).toList(), after, start);
        for (Purification r : done) {
          passes += r.passes();
        }
        progress.update(
            end, String.format(Locale.ROOT, "%.2f passes/image", (double) passes / end));
      }
      progress.finish();

      writeImages(spec, images, results);
      writeJsonLines(images, loaded.skipped(), results, pValues, before, after);
      summarise(results, before, after, purifyNanos / 1e9);
    }
    return 0;
  }

  /** The adaptive threshold, or null for "off". */
  private Double adaptiveThreshold() {
    String value = adaptiveP.trim();
    if (value.equalsIgnoreCase("off")) {
      return null;
    }
    double p;
    try {
      p = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--adaptive-p must be a p-value in [0, 1] or 'off', got '" + adaptiveP + "'", e);
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "--adaptive-p must be a p-value in [0, 1] or 'off', got " + adaptiveP);
    }
    return p;
  }

  /** The detector's p-values, or null (purify all) when the bundle is not calibrated. */
  private double[] pValues(Bundle bundle, List<ImageRecord> images) {
    try (Detector detector = Detector.open(bundle, onnx.options())) {
      if (detector.calibration().isEmpty()) {
        System.err.println(
            "note: "
                + model
                + " has no calibration.json, so there are no p-values for the adaptive rule:"
                + " purifying every image (run flowspect calibrate first to purify only"
                + " anomalous-looking ones)");
        return null;
      }
      ScoreTable table =
          Datasets.score(
              detector.scorer(),
              "p-values",
              images,
              new LinkedHashSet<>(detector.decision().components()));
      return detector.judge(table).pValues();
    }
  }

  private static void logPx(DensityModel density, List<byte[]> chw, double[] into, int offset) {
    double[] logPx =
        density.score(chw.stream().map(InputSpec::toFloats).toArray(float[][]::new)).logPx();
    System.arraycopy(logPx, 0, into, offset, logPx.length);
  }

  private void writeImages(InputSpec spec, List<ImageRecord> images, List<Purification> results) {
    int c = spec.channels();
    int h = spec.height();
    int w = spec.width();
    int scale = Math.max(1, Math.min(64, PANEL_PIXELS / Math.max(h, w)));
    for (int s = 0; s < images.size(); s++) {
      ImageRecord image = images.get(s);
      Purification p = results.get(s);
      String name = fileName(image.id());
      writePng(toImage(p.purified(), spec), out.resolve("purified").resolve(name));
      // Unchanged pixels are transparent (NaN): the map shows what moved, over the input.
      float[] map = p.diff().clone();
      for (int i = 0; i < map.length; i++) {
        if (map[i] == 0) {
          map[i] = Float.NaN;
        }
      }
      Heatmap heatmap = Heatmap.of(image.chw(), c, h, w, map, h, w).scale(scale);
      if (epsilon > 0) {
        heatmap.range(0, (double) c * epsilon); // one colour scale for every image
      }
      heatmap.write(out.resolve("diff").resolve(name));
    }
  }

  /** {@code <id>.png}, keeping an id's folders and not doubling a ".png" it already has. */
  private static String fileName(String id) {
    return id.toLowerCase(Locale.ROOT).endsWith(".png") ? id : id + ".png";
  }

  private static BufferedImage toImage(byte[] chw, InputSpec spec) {
    int h = spec.height();
    int w = spec.width();
    int plane = h * w;
    if (spec.channels() == 1) {
      BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      gray.getRaster().setDataElements(0, 0, w, h, chw);
      return gray;
    }
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < plane; i++) {
      int r = chw[i] & 0xFF;
      int g = chw[plane + i] & 0xFF;
      int b = chw[2 * plane + i] & 0xFF;
      rgb.setRGB(i % w, i / w, (r << 16) | (g << 8) | b);
    }
    return rgb;
  }

  private static void writePng(BufferedImage image, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IOException("no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("--out: cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void writeJsonLines(
      List<ImageRecord> images,
      List<SkippedInput> skipped,
      List<Purification> results,
      double[] pValues,
      double[] before,
      double[] after) {
    Path file = out.resolve("purify.jsonl");
    try {
      Files.createDirectories(out);
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (int s = 0; s < images.size(); s++) {
          Purification p = results.get(s);
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("id", images.get(s).id());
          line.put("changed", p.changed());
          line.put("l2", p.l2());
          line.put("linf", p.linf());
          line.put("passes", p.passes());
          line.put("skipped", p.skipped());
          line.put("p_value", pValues == null ? null : finite(pValues[s]));
          line.put("log_px_before", finite(before[s]));
          line.put("log_px_after", finite(after[s]));
          w.write(JSON.writeValueAsString(line));
          w.newLine();
        }
        for (SkippedInput s : skipped) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("id", s.id());
          line.put("error", s.reason());
          w.write(JSON.writeValueAsString(line));
          w.newLine();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("--out: cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void summarise(
      List<Purification> results, double[] before, double[] after, double seconds) {
    int purified = 0;
    long passes = 0;
    int maxPasses = 0;
    int rose = 0;
    double l2 = 0;
    for (int s = 0; s < results.size(); s++) {
      Purification p = results.get(s);
      if (!p.skipped()) {
        purified++;
        passes += p.passes();
        maxPasses = Math.max(maxPasses, p.passes());
        l2 += p.l2();
        if (after[s] >= before[s]) {
          rose++;
        }
      }
    }
    int n = results.size();
    System.out.printf(
        Locale.ROOT,
        "%d images: %d purified (epsilon %d), %d skipped by the adaptive rule%n",
        n,
        purified,
        epsilon,
        n - purified);
    System.out.printf(
        Locale.ROOT,
        "%.1f images/s (%.2f s purifying), mean %.2f passes per purified image (max %d),"
            + " mean L2 %.2f, log p not lower for %d of %d%n",
        n / Math.max(seconds, 1e-9),
        seconds,
        purified == 0 ? 0.0 : (double) passes / purified,
        maxPasses,
        purified == 0 ? 0.0 : l2 / purified,
        rose,
        purified);
    System.out.println("wrote " + out.resolve("purify.jsonl") + ", purified/ and diff/");
  }

  /** JSON has no NaN or infinity: null stands for "not available". */
  private static Object finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
