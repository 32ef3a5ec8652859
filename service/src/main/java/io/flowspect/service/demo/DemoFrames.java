package io.flowspect.service.demo;

import io.flowspect.core.frames.FrameBenchmark;
import io.flowspect.core.frames.FrameDefect;
import io.flowspect.core.frames.FrameMaker;
import io.flowspect.core.frames.FrameSeverity;
import io.flowspect.core.frames.MadeFrame;
import io.flowspect.core.frames.Surface;
import io.flowspect.service.ingest.ImageHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The demo's frames line: camera frames of a textured surface, made by the benchmark's generator at
 * the size the line's model was calibrated for, half of them with a painted defect, so that a
 * newcomer sees whole frames judged and their defects outlined on the operator page.
 *
 * @param line the record key of the frames line
 * @param maker makes frames of the calibrated size
 * @param every one record in this many is a frame (at least 1)
 * @param defectShare the share of frames with a defect, 0..1
 */
public record DemoFrames(String line, FrameMaker maker, int every, double defectShare) {

  private static final FrameDefect[] DEFECTS = FrameDefect.values();

  /** Checks the settings. */
  public DemoFrames {
    Cadence.check(every, "defectShare", defectShare);
  }

  /**
   * Makes the frames of a line.
   *
   * @param line the record key
   * @param surface what the frames show
   * @param width frame columns, the calibrated size
   * @param height frame rows
   * @param every one record in this many is a frame
   * @param defectShare the share of frames with a defect
   * @param seed the demo's seed, also the benchmark seed whose material the frames show (1, that of
   *     the reference frames bundles)
   * @return the frames line
   */
  public static DemoFrames of(
      String line,
      Surface surface,
      int width,
      int height,
      int every,
      double defectShare,
      long seed) {
    return new DemoFrames(
        line,
        new FrameMaker(surface, FrameBenchmark.material(seed, surface), width, height),
        every,
        defectShare);
  }

  /**
   * Makes the frame of one record.
   *
   * @param random the stream's random numbers
   * @param run the run tag of the ids
   * @param seq the record's sequence number
   * @return a PNG frame on the frames line, id {@code demo-<run>-<seq>-frame-<good|defect>}
   */
  DemoImage next(Random random, String run, long seq) {
    boolean defective = random.nextDouble() < defectShare;
    MadeFrame frame =
        defective
            ? maker.defective(
                seq,
                DEFECTS[random.nextInt(DEFECTS.length)],
                random.nextBoolean() ? FrameSeverity.MODERATE : FrameSeverity.STRONG)
            : maker.good(seq);
    String label =
        defective ? frame.defect().name().toLowerCase(Locale.ROOT).replace('_', '-') : "good";
    String id = DemoImage.id(run, seq, DemoKind.FRAME, label);
    return new DemoImage(
        id,
        line,
        DemoKind.FRAME,
        frame.png(),
        Map.of(ImageHeaders.IMAGE_ID, id, ImageHeaders.CONTENT_TYPE, "image/png"));
  }
}
