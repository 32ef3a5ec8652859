package io.flowspect.service.api;

import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.calibration.ScoreHistogram;
import io.flowspect.core.calibration.ThresholdPreview;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.routing.ModelEntry;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.ModelService;
import io.flowspect.service.routing.Thresholds;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The loaded models: {@code GET /api/v1/models}, {@code GET /api/v1/models/{id}}, what the operator
 * page draws ({@code GET .../histogram}, {@code GET .../threshold/preview}), and the admin
 * endpoints {@code POST /api/v1/models/{id}/reload} and {@code PUT /api/v1/models/{id}/threshold}.
 *
 * <p>Both admin endpoints swap a new model into the {@link ModelRouter} between batches: the
 * pipeline keeps consuming and each input is scored and committed exactly once, by the old model or
 * by the new one. A threshold change is in memory unless the request asks to persist it; a reload
 * re-reads calibration.json and so drops an unpersisted change.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(
    securitySchemeName = "admin",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "flowspect.api.admin-token")
public class ModelResource {

  /** Bins of {@code GET .../histogram} when the request names none. */
  static final int DEFAULT_BINS = 40;

  /** The most bins {@code GET .../histogram} draws. */
  static final int MAX_BINS = 400;

  private final ModelService models;
  private final RecentScores recent;

  /**
   * Creates the resource.
   *
   * @param models the loaded models
   * @param recent the decision values the pipeline scored lately
   */
  public ModelResource(ModelService models, RecentScores recent) {
    this.models = models;
    this.recent = recent;
  }

  /**
   * Lists the loaded models.
   *
   * @return one summary per loaded bundle, in configuration order
   */
  @GET
  @Operation(summary = "List the loaded models with their lines and thresholds")
  public List<ModelSummary> list() {
    return models
        .router()
        .map(r -> r.entries().stream().map(ModelSummary::of).toList())
        .orElse(List.of());
  }

  /**
   * Describes one model.
   *
   * @param id the model's id
   * @return manifest and calibration summary
   */
  @GET
  @Path("{id}")
  @Operation(summary = "A model's manifest and calibration summary")
  @APIResponse(responseCode = "404", description = "No loaded model has this id")
  public ModelDetail get(@PathParam("id") String id) {
    return ModelDetail.of(router().entry(id).orElseThrow(() -> unknown(id)));
  }

  /**
   * Re-opens a model's bundle from disk and swaps it in.
   *
   * @param id the model's id
   * @return the reloaded model
   */
  @POST
  @Path("{id}/reload")
  @AdminOnly
  @SecurityRequirement(name = "admin")
  @Operation(
      summary = "Re-open the bundle from disk and swap it in",
      description =
          "Verifies the bundle's checksums and reads calibration.json again; the pipeline scores"
              + " its next batch with the new model, nothing is dropped or scored twice.")
  @APIResponse(responseCode = "401", description = "No bearer token")
  @APIResponse(responseCode = "403", description = "Wrong token")
  @APIResponse(responseCode = "404", description = "No loaded model has this id")
  @APIResponse(
      responseCode = "409",
      description = "The bundle on disk is refused; the loaded model keeps scoring")
  public ModelSummary reload(@PathParam("id") String id) {
    try {
      return ModelSummary.of(router().reload(id).orElseThrow(() -> unknown(id)));
    } catch (BundleException | UncheckedIOException | IllegalArgumentException e) {
      throw new ApiException(
          409,
          "cannot reload model "
              + id
              + ": "
              + e.getMessage()
              + "; the loaded version keeps scoring");
    }
  }

  /**
   * Sets a model's alpha or threshold.
   *
   * @param id the model's id
   * @param request exactly one of alpha and threshold
   * @return the model with its new threshold
   */
  @PUT
  @Path("{id}/threshold")
  @Consumes(MediaType.APPLICATION_JSON)
  @AdminOnly
  @SecurityRequirement(name = "admin")
  @Operation(
      summary = "Set alpha (threshold recomputed from the calibration) or a threshold",
      description =
          "In memory until the next reload or restart, unless persist is true: then written to"
              + " the bundle's calibration.json.")
  @APIResponse(responseCode = "400", description = "Neither or both of alpha and threshold")
  @APIResponse(responseCode = "401", description = "No bearer token")
  @APIResponse(responseCode = "403", description = "Wrong token")
  @APIResponse(responseCode = "404", description = "No loaded model has this id")
  @APIResponse(responseCode = "409", description = "The model is not calibrated")
  @APIResponse(responseCode = "422", description = "Alpha or threshold out of range")
  public ModelSummary threshold(@PathParam("id") String id, ThresholdRequest request) {
    if (request == null || (request.alpha() == null) == (request.threshold() == null)) {
      throw new ApiException(
          400, "give exactly one of alpha and threshold, e.g. {\"alpha\": 0.01}");
    }
    UnaryOperator<Calibration> change =
        request.alpha() != null
            ? c -> Thresholds.withAlpha(c, request.alpha())
            : c -> Thresholds.withThreshold(c, request.threshold());
    boolean persist = Boolean.TRUE.equals(request.persist());
    try {
      return ModelSummary.of(
          router().recalibrate(id, change, persist).orElseThrow(() -> unknown(id)));
    } catch (IllegalArgumentException e) {
      throw new ApiException(422, e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiException(409, e.getMessage());
    } catch (BundleException | UncheckedIOException e) {
      throw new ApiException(500, "cannot write calibration.json: " + e.getMessage());
    }
  }

  /**
   * Previews a threshold on the calibration images without applying it.
   *
   * @param id the model's id
   * @param threshold the candidate threshold on the decision score, a finite number
   * @return what the threshold would do
   */
  @GET
  @Path("{id}/threshold/preview")
  @Operation(
      summary = "Preview a threshold: its false-positive rate on the calibration images",
      description =
          "false_positive_rate is the share of the calibration's normal images strictly above"
              + " the threshold; alpha is what PUT .../threshold would record for it,"
              + " (1 + flagged) / (n + 1). Changes nothing; needs no token.")
  @APIResponse(
      responseCode = "200",
      description = "What the threshold would do",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ThresholdPreviewResponse.class)))
  @APIResponse(responseCode = "400", description = "threshold missing or not a finite number")
  @APIResponse(responseCode = "404", description = "No loaded model has this id")
  @APIResponse(responseCode = "409", description = "The model is not calibrated")
  public ThresholdPreviewResponse preview(
      @PathParam("id") String id,
      @Parameter(
              description = "the candidate threshold on the decision score",
              required = true,
              schema = @Schema(type = SchemaType.NUMBER))
          @QueryParam("threshold")
          String threshold) {
    double t = finiteNumber("threshold", threshold);
    ModelEntry entry = router().entry(id).orElseThrow(() -> unknown(id));
    Calibration c = calibration(entry);
    ThresholdPreview p = Thresholds.preview(c, t);
    ThresholdPreview now =
        Double.isFinite(c.threshold()) ? Thresholds.preview(c, c.threshold()) : null;
    double[] values = recentValues(entry);
    int flagged = 0;
    for (double v : values) {
      if (v > t) {
        flagged++;
      }
    }
    return new ThresholdPreviewResponse(
        entry.key(),
        entry.model().detector().decision().id(),
        t,
        p.n(),
        p.flagged(),
        p.falsePositiveRate(),
        p.alpha(),
        p.applicable(),
        new ThresholdPreviewResponse.Current(
            OutputJson.finite(c.threshold()),
            c.alpha(),
            now == null ? null : now.falsePositiveRate()),
        new ThresholdPreviewResponse.Recent(
            values.length, flagged, values.length == 0 ? null : (double) flagged / values.length));
  }

  /**
   * Bins the decision values of the calibration images and of the images scored lately.
   *
   * @param id the model's id
   * @param bins bins, 1 to {@value #MAX_BINS} (default {@value #DEFAULT_BINS})
   * @return the counts with the threshold
   */
  @GET
  @Path("{id}/histogram")
  @Operation(
      summary = "Decision values of the calibration images and of recent images, binned",
      description =
          "Shared bins spanning the normal calibration values and the threshold; recent values"
              + " are the last flowspect.api.recent-scores images the pipeline scored with the"
              + " model.")
  @APIResponse(
      responseCode = "200",
      description = "Calibration and recent counts on shared bins",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ScoreHistogramResponse.class)))
  @APIResponse(responseCode = "400", description = "bins out of range")
  @APIResponse(responseCode = "404", description = "No loaded model has this id")
  @APIResponse(responseCode = "409", description = "The model is not calibrated")
  public ScoreHistogramResponse histogram(
      @PathParam("id") String id, @QueryParam("bins") @DefaultValue("" + DEFAULT_BINS) int bins) {
    if (bins < 1 || bins > MAX_BINS) {
      throw new ApiException(400, "bins must be between 1 and " + MAX_BINS + ", got " + bins);
    }
    ModelEntry entry = router().entry(id).orElseThrow(() -> unknown(id));
    Calibration c = calibration(entry);
    ConformalReference ref = c.decisionReference();
    double[] sorted = ref.sorted();
    double lo = sorted[0];
    double hi = sorted[sorted.length - 1];
    if (Double.isFinite(c.threshold())) {
      lo = Math.min(lo, c.threshold());
      hi = Math.max(hi, c.threshold());
    }
    if (!(hi > lo)) {
      lo -= 0.5;
      hi += 0.5;
    }
    double[] edges = ScoreHistogram.evenEdges(lo, hi, bins);
    ScoreHistogram normal = ScoreHistogram.of(ref, edges);
    double[] values = recentValues(entry);
    ScoreHistogram live = ScoreHistogram.of(values, edges);
    return new ScoreHistogramResponse(
        entry.key(),
        entry.model().detector().decision().id(),
        OutputJson.finite(c.threshold()),
        c.alpha(),
        edges,
        new ScoreHistogramResponse.Counts(ref.n(), normal.counts(), normal.below(), normal.above()),
        new ScoreHistogramResponse.Counts(
            values.length, live.counts(), live.below(), live.above()));
  }

  private double[] recentValues(ModelEntry entry) {
    return recent.latest(entry.model().ref(), entry.model().detector().decision().id());
  }

  private static Calibration calibration(ModelEntry entry) {
    return entry
        .model()
        .detector()
        .calibration()
        .orElseThrow(
            () ->
                new ApiException(
                    409,
                    "model "
                        + entry.key()
                        + " is not calibrated: run flowspect calibrate on its bundle"));
  }

  private static double finiteNumber(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new ApiException(400, name + " is required, e.g. ?" + name + "=2.5");
    }
    double v;
    try {
      v = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(400, name + " must be a number, got '" + value + "'");
    }
    if (!Double.isFinite(v)) {
      throw new ApiException(400, name + " must be a finite number, got " + value);
    }
    return v;
  }

  private ModelRouter router() {
    return models.router().orElseThrow(() -> new ApiException(404, "no model is configured"));
  }

  private static ApiException unknown(String id) {
    return new ApiException(404, "no loaded model has the id '" + id + "'; GET /api/v1/models");
  }
}
