package io.flowspect.service.api;

import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.ModelService;
import io.flowspect.service.routing.Thresholds;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The loaded models: {@code GET /api/v1/models}, {@code GET /api/v1/models/{id}}, and the admin
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

  private final ModelService models;

  /**
   * Creates the resource.
   *
   * @param models the loaded models
   */
  public ModelResource(ModelService models) {
    this.models = models;
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

  private ModelRouter router() {
    return models.router().orElseThrow(() -> new ApiException(404, "no model is configured"));
  }

  private static ApiException unknown(String id) {
    return new ApiException(404, "no loaded model has the id '" + id + "'; GET /api/v1/models");
  }
}
