package io.flowspect.service.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reports which Flowspect build is answering: {@code GET /api/v1/version}. */
@Path("/api/v1/version")
public class VersionResource {

  /** Product name, as shown to clients (the Maven artifact is {@code flowspect-service}). */
  public static final String NAME = "flowspect";

  /** Body of {@code GET /api/v1/version}. */
  public record VersionInfo(String name, String version) {}

  private final String version;

  /**
   * @param version the project version; Quarkus sets {@code quarkus.application.version} from the
   *     Maven project version at build time
   */
  public VersionResource(@ConfigProperty(name = "quarkus.application.version") String version) {
    this.version = version;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public VersionInfo version() {
    return new VersionInfo(NAME, version);
  }
}
