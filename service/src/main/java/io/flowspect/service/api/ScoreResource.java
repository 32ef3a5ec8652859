package io.flowspect.service.api;

import io.flowspect.core.detect.Verdict;
import io.flowspect.core.image.ImageDecodeException;
import io.flowspect.core.image.ImageDecoder;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.inspect.ExplainWhen;
import io.flowspect.core.inspect.Inspection;
import io.flowspect.core.inspect.Inspector;
import io.flowspect.core.inspect.Refusal;
import io.flowspect.core.inspect.Subject;
import io.flowspect.core.signal.Recording;
import io.flowspect.service.alert.AlertSettings;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.ingest.IngestSettings;
import io.flowspect.service.routing.LoadedModel;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.ModelService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/v1/score}: scores one image with the model of its line, the way the pipeline
 * scores a Kafka record, and explains it.
 *
 * <p>The body is the image: PNG, JPEG or BMP with its content type ({@code
 * application/octet-stream} is sniffed by magic bytes), or raw 8-bit pixels as {@value #RAW_TYPE}
 * with the query parameters {@code width}, {@code height} and {@code channels} (1 or 3), row-major,
 * channels interleaved, exactly as the Kafka contract's raw images; or a sensor recording as
 * {@value #SIGNAL_TYPE} with {@code sample-rate} and {@code channels}, judged window by window with
 * its hottest time span in the answer's {@code signal}. Refusals: a body above {@link
 * ApiSettings#maxImageBytes()} or an image above the ingest pixel limit is 413, another media type
 * 415, an empty body or missing raw parameters 400, an image that does not decode 422, a line no
 * model scores 404.
 *
 * <p>Scoring runs on a worker thread under a {@link ModelRouter.Lease}, beside the pipeline (ONNX
 * Runtime sessions are thread-safe). Requests are not counted in the pipeline's metrics, and their
 * alerts go neither to Kafka nor to {@code GET /api/v1/alerts}.
 */
@Path("/api/v1/score")
public class ScoreResource {

  /** Media type of raw pixels, as in the Kafka contract. */
  public static final String RAW_TYPE = ImageHeaders.RAW_CONTENT_TYPE;

  /** Media type of a sensor recording, as in the Kafka contract. */
  public static final String SIGNAL_TYPE = Recording.CONTENT_TYPE;

  private static final String INPUT = "request body";

  private final ModelService models;
  private final ApiSettings api;
  private final IngestSettings ingest;
  private final AlertSettings alerts;
  private final ImageDecoder decoder;
  private final RequestRateLimit rateLimit;

  /**
   * Creates the resource.
   *
   * @param models the loaded models
   * @param api the body limit
   * @param ingest the pixel limit
   * @param alerts what the explanation attaches
   */
  public ScoreResource(
      ModelService models, ApiSettings api, IngestSettings ingest, AlertSettings alerts) {
    this.models = models;
    this.api = api;
    this.ingest = ingest;
    this.alerts = alerts;
    this.decoder =
        new ImageDecoder(
            new ImageLimits(Math.min(api.maxImageBytes(), ingest.maxBytes()), ingest.maxPixels()));
    this.rateLimit = new RequestRateLimit(api.scoreRate(), api.scoreBurst(), System::nanoTime);
  }

  /**
   * Scores one image.
   *
   * @param body the image
   * @param headers the request's content type and length
   * @param line the line whose model scores the image; the default model when absent
   * @param width columns of a raw image
   * @param height rows of a raw image
   * @param channels channels of a raw image
   * @return the scores, decision and explanation
   */
  @POST
  @Consumes({
    "image/png",
    "image/jpeg",
    "image/bmp",
    MediaType.APPLICATION_OCTET_STREAM,
    RAW_TYPE,
    SIGNAL_TYPE
  })
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Score one image",
      description =
          "PNG, JPEG or BMP body with its content type (application/octet-stream is sniffed),"
              + " raw 8-bit pixels as application/x-raw with width, height and channels, or a"
              + " sensor recording as application/x-float32 (little-endian float32, channels"
              + " interleaved) with sample-rate and channels.")
  @APIResponse(responseCode = "200", description = "Scored")
  @APIResponse(
      responseCode = "400",
      description = "Empty body, missing raw parameters, or a missing or unknown condition")
  @APIResponse(responseCode = "404", description = "No model for the line")
  @APIResponse(responseCode = "413", description = "Body or image above the limits")
  @APIResponse(responseCode = "415", description = "Unsupported media type")
  @APIResponse(responseCode = "422", description = "The image does not decode")
  @APIResponse(
      responseCode = "429",
      description = "More requests than flowspect.api.score-rate per second; see Retry-After")
  public ScoreResponse score(
      InputStream body,
      @Context HttpHeaders headers,
      @Parameter(description = "Line id: routes to the line's model, else the default model")
          @QueryParam("line")
          String line,
      @Parameter(description = "Raw images: columns") @QueryParam("width") Integer width,
      @Parameter(description = "Raw images: rows") @QueryParam("height") Integer height,
      @Parameter(description = "Raw images: 1 (gray) or 3 (RGB); recordings: 1 to 16 (default 1)")
          @QueryParam("channels")
          Integer channels,
      @Parameter(description = "Recordings: samples per second per channel")
          @QueryParam("sample-rate")
          Double sampleRate,
      @Parameter(
              description =
                  "Conditional models (cvae): the class to score the image under, one of the"
                      + " manifest's condition classes")
          @QueryParam("condition")
          String condition) {
    long wait = rateLimit.tryAcquire();
    if (wait > 0) {
      throw new ApiException(
          429,
          "more than "
              + api.scoreRate()
              + " requests per second (flowspect.api.score-rate, burst "
              + api.scoreBurst()
              + "): try again in a moment, or send images to Kafka",
          Math.max(1, (long) Math.ceil(wait / 1e9)));
    }
    ModelRouter router =
        models
            .router()
            .orElseThrow(() -> new ApiException(503, "no model is configured: nothing can score"));
    long declared = headers.getLength();
    if (declared > api.maxImageBytes()) {
      throw tooLarge(declared);
    }
    byte[] bytes = read(body, api.maxImageBytes());
    long start = System.nanoTime();
    String given = condition == null || condition.isBlank() ? null : condition;
    Subject subject =
        is(headers.getMediaType(), SIGNAL_TYPE)
            ? Subject.ofSignal(recording(bytes, channels, sampleRate), given)
            : Subject.of(decode(bytes, headers.getMediaType(), width, height, channels), given);
    try (ModelRouter.Lease lease = router.lease()) {
      LoadedModel model =
          lease
              .route(line)
              .orElseThrow(
                  () ->
                      new ApiException(
                          404,
                          "no model scores line '"
                              + line
                              + "': it has no bundle of its own and there is no"
                              + " flowspect.models.default"));
      long decoded = System.nanoTime();
      Inspection inspection =
          Inspector.of(model.detector())
              .explaining(ExplainWhen.ALWAYS, alerts.toOptions())
              .withConditionHint(" as ?condition=")
              .inspect(subject);
      if (inspection instanceof Inspection.Refused refused) {
        throw new ApiException(status(refused.refusal()), refused.message());
      }
      return answer(model, line, (Inspection.Judged) inspection, decoded - start);
    }
  }

  /** The HTTP status of an image the inspection refused. */
  private static int status(Refusal refusal) {
    return switch (refusal) {
      case NOT_CONVERTIBLE -> 422;
      case NO_CONDITION, UNKNOWN_CONDITION -> 400;
      case SCORING_FAILED -> 500;
    };
  }

  private static ScoreResponse answer(
      LoadedModel model, String line, Inspection.Judged judged, long decodeNanos) {
    Verdict v = judged.verdict();
    Map<String, Double> latency = new LinkedHashMap<>();
    latency.put("decode", (decodeNanos + judged.prepareNanos()) / 1e6);
    latency.put("inference", judged.inferenceNanos() / 1e6);
    return new ScoreResponse(
        model.ref(),
        line,
        judged.judgement(),
        v.anomaly() == null ? "unknown" : v.anomaly() ? "anomaly" : "normal",
        ScoreResponse.Location.of(v.location()),
        judged.explanation(),
        latency,
        v.reason());
  }

  /** Tells whether a request's media type is this one, parameters and case of the subtype aside. */
  private static boolean is(MediaType type, String wanted) {
    return type != null
        && wanted.equals(type.getType() + "/" + type.getSubtype().toLowerCase(Locale.ROOT));
  }

  private static Recording recording(byte[] bytes, Integer channels, Double sampleRate) {
    if (sampleRate == null) {
      throw new ApiException(
          400,
          SIGNAL_TYPE
              + " needs the query parameter sample-rate (samples per second per channel), e.g."
              + " ?sample-rate=12000&channels=1");
    }
    try {
      return Recording.fromFloat32(INPUT, bytes, channels == null ? 1 : channels, sampleRate);
    } catch (ImageDecodeException e) {
      throw new ApiException(
          e.reason() == ImageDecodeException.Reason.EMPTY ? 400 : 422, e.getMessage());
    }
  }

  private RasterImage decode(
      byte[] bytes, MediaType type, Integer width, Integer height, Integer channels) {
    try {
      if (is(type, RAW_TYPE)) {
        if (width == null || height == null || channels == null) {
          throw new ApiException(
              400,
              RAW_TYPE
                  + " needs the query parameters width, height and channels (1 or 3), e.g."
                  + " ?width=28&height=28&channels=1");
        }
        return decoder.decodeRaw(INPUT, bytes, width, height, channels);
      }
      return decoder.decode(INPUT, bytes);
    } catch (ImageDecodeException e) {
      int status =
          switch (e.reason()) {
            case EMPTY -> 400;
            case TOO_MANY_BYTES, TOO_MANY_PIXELS -> 413;
            default -> 422;
          };
      throw new ApiException(status, e.getMessage());
    }
  }

  private ApiException tooLarge(long size) {
    return new ApiException(
        413,
        "the image is "
            + size
            + " bytes or more; the limit is "
            + api.maxImageBytes()
            + " bytes (flowspect.api.max-image-bytes)");
  }

  /** Reads at most {@code limit} bytes; one more is a refusal, without reading the rest. */
  private byte[] read(InputStream body, long limit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (InputStream in = body) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > limit) {
          throw tooLarge(total);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
    return out.toByteArray();
  }
}
