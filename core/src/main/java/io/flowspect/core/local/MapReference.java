package io.flowspect.core.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flowspect.core.calibration.ConformalReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How each position's evidence varies over normal images: the per-pixel mean and spread that a map
 * is standardised with, and the window its local score averages over. Stored in {@code
 * calibration.json}, fitted on normal images that the local score's conformal reference does not
 * use, so that its p-values stay exact.
 *
 * <p>The spread is {@code sqrt(sd^2 + floor^2)} with the floor at the median per-pixel standard
 * deviation: a position that is nearly constant on normal images (the background of a garment
 * photo) still lights up for a real change, but not for a rounding-level one.
 *
 * @param map the {@link MapKind} id
 * @param height map rows (the model input's height)
 * @param width map columns
 * @param window side of the square window, in pixels, that the local score averages over
 * @param floor the spread floor, nats
 * @param n normal images the statistics come from
 * @param mean per-pixel mean evidence, row-major, nats
 * @param spread per-pixel spread, row-major, nats, all positive
 * @param standardise the {@link Standardisation} id; absent in files written before it existed,
 *     which were scored {@link Standardisation#POSITION per position}
 * @param pooledMean mean evidence over all positions of the normal images, nats
 * @param pooledSpread standard deviation of the evidence over all positions of the normal images,
 *     nats; when absent (older files) it is derived from the per-position statistics
 * @param hotWindow the median, over the normal images the statistics come from, of each image's
 *     hottest standardised window mean: how hot the hottest spot of a typical good image is. The
 *     reported region grows only over windows hotter than this (and than half the hottest one), so
 *     that a map whose object pixels all sit above its pooled mean does not give a box around the
 *     whole object. Absent (0) in older files: only the half-of-the-hottest rule applies
 * @param statistics the statistics Fisher's method combines into the local score, each with its
 *     reference from the same normal images; empty (older files, or {@code --local-score window}):
 *     the local score is the hottest window's standardised mean
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MapReference(
    String map,
    int height,
    int width,
    int window,
    double floor,
    long n,
    float[] mean,
    float[] spread,
    String standardise,
    double pooledMean,
    double pooledSpread,
    double hotWindow,
    List<LocalStatistic> statistics) {

  /** Validates sizes, the window and the spreads; fills in what older files lack. */
  public MapReference {
    MapKind.of(map);
    statistics = statistics == null ? List.of() : List.copyOf(statistics);
    standardise =
        standardise == null ? Standardisation.POSITION.id() : Standardisation.of(standardise).id();
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "map size must be positive, got " + height + " x " + width);
    }
    if (window < 1 || window > Math.min(height, width)) {
      throw new IllegalArgumentException(
          "window must be in 1.." + Math.min(height, width) + ", got " + window);
    }
    int d = height * width;
    if (mean == null || spread == null || mean.length != d || spread.length != d) {
      throw new IllegalArgumentException(
          "mean and spread must hold "
              + d
              + " values, got "
              + (mean == null ? "none" : mean.length)
              + " and "
              + (spread == null ? "none" : spread.length));
    }
    for (float s : spread) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("every spread must be positive, found " + s);
      }
    }
    if (!(pooledSpread > 0)) {
      double m = 0;
      double squares = 0;
      for (int p = 0; p < d; p++) {
        m += mean[p];
        squares += (double) spread[p] * spread[p];
      }
      pooledMean = m / d;
      pooledSpread = Math.sqrt(squares / d);
    }
  }

  /**
   * Fits the statistics on the evidence maps of normal images.
   *
   * @param maps evidence of normal images (at least two), each {@code height * width}
   * @param settings the local score's window and standardisation
   * @return the reference
   */
  public static MapReference fit(EvidenceMaps maps, LocalSettings settings) {
    int n = maps.size();
    if (n < 2) {
      throw new IllegalArgumentException("map statistics need at least 2 normal images, got " + n);
    }
    int d = maps.height() * maps.width();
    double[] sum = new double[d];
    for (float[] m : maps.values()) {
      for (int p = 0; p < d; p++) {
        sum[p] += m[p];
      }
    }
    float[] mean = new float[d];
    for (int p = 0; p < d; p++) {
      mean[p] = (float) (sum[p] / n);
    }
    double[] squares = new double[d];
    for (float[] m : maps.values()) {
      for (int p = 0; p < d; p++) {
        double r = m[p] - mean[p];
        squares[p] += r * r;
      }
    }
    double[] sd = new double[d];
    for (int p = 0; p < d; p++) {
      sd[p] = Math.sqrt(squares[p] / (n - 1));
    }
    double[] sorted = sd.clone();
    Arrays.sort(sorted);
    double floor = Math.max(1e-3, sorted[d / 2]);
    float[] spread = new float[d];
    for (int p = 0; p < d; p++) {
      spread[p] = (float) Math.sqrt(sd[p] * sd[p] + floor * floor);
    }
    double total = 0;
    for (double v : sum) {
      total += v;
    }
    double pooledMean = total / ((double) n * d);
    double pooledSquares = 0;
    for (float[] m : maps.values()) {
      for (int p = 0; p < d; p++) {
        double r = m[p] - pooledMean;
        pooledSquares += r * r;
      }
    }
    double pooledSpread = Math.max(1e-3, Math.sqrt(pooledSquares / ((double) n * d - 1)));
    MapReference base =
        new MapReference(
            maps.kind().id(),
            maps.height(),
            maps.width(),
            settings.window(),
            floor,
            n,
            mean,
            spread,
            settings.standardisation().id(),
            pooledMean,
            pooledSpread,
            0,
            List.of());
    double[] windows = base.hottest(maps, false, settings.window());
    MapReference fitted = base.with(Math.max(0, median(windows.clone())), List.of());
    if (!settings.fisher()) {
      return fitted;
    }
    List<LocalStatistic> combined = new ArrayList<>();
    if (settings.window() > 1) {
      combined.add(statistic(false, 1, fitted.hottest(maps, false, 1)));
    }
    combined.add(statistic(false, settings.window(), windows));
    if (maps.signed() != null) {
      combined.add(
          statistic(true, settings.window(), fitted.hottest(maps, true, settings.window())));
    }
    return combined.size() < 2 ? fitted : fitted.with(fitted.hotWindow, combined);
  }

  /** Each map's hottest window (standardised evidence, or |mean| of the signed residuals). */
  private double[] hottest(EvidenceMaps maps, boolean signed, int side) {
    double[] values = new double[maps.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          WindowScan.hottest(
              signed ? maps.signed()[i] : standardise(maps.values()[i]),
              height,
              width,
              side,
              signed);
    }
    return values;
  }

  private static LocalStatistic statistic(boolean signed, int side, double[] values) {
    double hot = Math.max(0, median(values.clone()));
    return new LocalStatistic(signed, side, hot, ConformalReference.of(values));
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
  }

  private MapReference with(double hot, List<LocalStatistic> combined) {
    return new MapReference(
        map,
        height,
        width,
        window,
        floor,
        n,
        mean,
        spread,
        standardise,
        pooledMean,
        pooledSpread,
        hot,
        combined);
  }

  /**
   * Tells whether the local score reads the signed residual maps, so that scoring must ask the
   * model for them.
   *
   * @return true when a statistic is signed
   */
  public boolean needsSigned() {
    return statistics.stream().anyMatch(LocalStatistic::signed);
  }

  /**
   * Returns the map kind.
   *
   * @return the kind
   */
  public MapKind kind() {
    return MapKind.of(map);
  }

  /**
   * Returns how the map is standardised.
   *
   * @return the standardisation
   */
  public Standardisation standardisation() {
    return Standardisation.of(standardise);
  }

  /**
   * Returns the window and standardisation the local score uses.
   *
   * @return the settings
   */
  public LocalSettings settings() {
    return new LocalSettings(window, standardisation(), !statistics.isEmpty());
  }

  /**
   * Standardises one evidence map: (evidence - mean) / spread at each position, or with the pooled
   * mean and spread (see {@link Standardisation}).
   *
   * @param evidence {@code height * width} values
   * @return a new array of z values
   */
  public float[] standardise(float[] evidence) {
    if (evidence.length != mean.length) {
      throw new IllegalArgumentException(
          "evidence map has " + evidence.length + " values, the reference " + mean.length);
    }
    float[] z = new float[evidence.length];
    // The constructor keeps the id canonical: a string compare, no parse per image.
    if (Standardisation.POOLED.id().equals(standardise)) {
      double inverse = 1 / pooledSpread;
      for (int p = 0; p < z.length; p++) {
        z[p] = (float) ((evidence[p] - pooledMean) * inverse);
      }
      return z;
    }
    for (int p = 0; p < z.length; p++) {
      z[p] = (evidence[p] - mean[p]) / spread[p];
    }
    return z;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MapReference r
        && map.equals(r.map)
        && height == r.height
        && width == r.width
        && window == r.window
        && floor == r.floor
        && n == r.n
        && Arrays.equals(mean, r.mean)
        && Arrays.equals(spread, r.spread)
        && standardise.equals(r.standardise)
        && pooledMean == r.pooledMean
        && pooledSpread == r.pooledSpread
        && hotWindow == r.hotWindow
        && statistics.equals(r.statistics);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * map.hashCode() + window) + Arrays.hashCode(mean);
  }

  @Override
  public String toString() {
    return "MapReference["
        + map
        + ", "
        + height
        + "x"
        + width
        + ", window "
        + window
        + ", "
        + standardise
        + (statistics.isEmpty()
            ? ""
            : ", fisher over " + statistics.stream().map(LocalStatistic::label).toList())
        + ", n "
        + n
        + "]";
  }
}
