package io.flowspect.core.signal;

import io.flowspect.core.image.ImageDecodeException;
import io.flowspect.core.image.ImageDecodeException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * A stretch of a sensor's samples as a line sends it: one or more channels at one sample rate.
 *
 * @param id the producer's name of the recording, for messages
 * @param channels per channel, its samples in the sensor's unit, all of one length, finite
 * @param sampleRateHz samples per second per channel
 */
public record Recording(String id, float[][] channels, double sampleRateHz) {

  /**
   * Content type of a recording's bytes: little-endian IEEE float32 samples, channels interleaved
   * (sample 0 of every channel, then sample 1...).
   */
  public static final String CONTENT_TYPE = "application/x-float32";

  /** The most channels one recording may hold (a tri-axial accelerometer holds 3). */
  public static final int MAX_CHANNELS = 16;

  /** The highest sample rate accepted, per second. */
  public static final double MAX_SAMPLE_RATE_HZ = 10_000_000;

  /** Checks the shape. */
  public Recording {
    if (channels.length == 0 || channels[0].length == 0) {
      throw new IllegalArgumentException(id + ": a recording needs samples");
    }
    for (float[] c : channels) {
      if (c.length != channels[0].length) {
        throw new IllegalArgumentException(id + ": every channel needs the same number of samples");
      }
    }
  }

  /**
   * Samples per channel.
   *
   * @return the length
   */
  public int samples() {
    return channels[0].length;
  }

  /**
   * Reads a recording sent as {@value #CONTENT_TYPE}.
   *
   * @param id the recording's name, for messages
   * @param bytes little-endian float32 samples, channels interleaved
   * @param channelCount channels, 1 to {@value #MAX_CHANNELS}
   * @param sampleRateHz samples per second per channel, positive, at most {@link
   *     #MAX_SAMPLE_RATE_HZ}
   * @return the recording
   * @throws ImageDecodeException naming the recording and the limit when the bytes or numbers do
   *     not make one: empty, not whole samples of every channel, a channel count or sample rate out
   *     of range, or a sample that is NaN or infinite (the index says which)
   */
  public static Recording fromFloat32(
      String id, byte[] bytes, int channelCount, double sampleRateHz) throws ImageDecodeException {
    if (channelCount < 1 || channelCount > MAX_CHANNELS) {
      throw new ImageDecodeException(
          Reason.WRONG_CHANNELS,
          id,
          "a recording has 1 to " + MAX_CHANNELS + " channels, got " + channelCount);
    }
    if (!(sampleRateHz > 0) || sampleRateHz > MAX_SAMPLE_RATE_HZ) {
      throw new ImageDecodeException(
          Reason.CORRUPT,
          id,
          String.format(
              Locale.ROOT,
              "sample rate %s Hz is outside (0, %.0f]",
              sampleRateHz,
              MAX_SAMPLE_RATE_HZ));
    }
    if (bytes.length == 0) {
      throw new ImageDecodeException(Reason.EMPTY, id, "a recording of 0 bytes");
    }
    int frame = 4 * channelCount;
    if (bytes.length % frame != 0) {
      throw new ImageDecodeException(
          Reason.TRUNCATED,
          id,
          bytes.length
              + " bytes are not whole samples of "
              + channelCount
              + " float32 channel(s) ("
              + frame
              + " bytes per sample)");
    }
    int n = bytes.length / frame;
    float[][] out = new float[channelCount][n];
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channelCount; c++) {
        float v = b.getFloat();
        if (!Float.isFinite(v)) {
          throw new ImageDecodeException(
              Reason.CORRUPT,
              id,
              "sample " + i + " of channel " + c + " is " + v + "; samples must be finite");
        }
        out[c][i] = v;
      }
    }
    return new Recording(id, out, sampleRateHz);
  }

  /**
   * Writes samples as {@value #CONTENT_TYPE}, for producers and tests.
   *
   * @param channels per channel, its samples
   * @return little-endian float32, channels interleaved
   */
  public static byte[] float32(float[][] channels) {
    int n = channels[0].length;
    ByteBuffer b = ByteBuffer.allocate(4 * n * channels.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      for (float[] c : channels) {
        b.putFloat(c[i]);
      }
    }
    return b.array();
  }
}
