package io.flowspect.service.routing;

import io.flowspect.core.onnx.ExecutionProvider;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Which bundle scores which line ({@code flowspect.models.*}).
 *
 * <pre>
 * flowspect.models.default=models/fmnist-glow
 * flowspect.models.lines.press-3=models/press-3-glow
 * flowspect.models.lines."line.7"=models/line7-pixelcnn   # keys with dots are quoted
 * </pre>
 */
@ConfigMapping(prefix = "flowspect.models")
public interface ModelSettings {

  /**
   * Bundle for every line without a bundle of its own (and for records without a key). Without it
   * such images go to the dead-letter topic as {@code NO_MODEL}. The application's default is
   * {@code models/fmnist-glow}, the reference Fashion-MNIST Glow in the repository, so that {@code
   * ./flowspect serve} scores out of the box; relative folders are resolved as {@link BundlePaths}
   * says.
   *
   * @return the bundle folder
   */
  @WithName("default")
  Optional<Path> defaultBundle();

  /**
   * Bundle per line id (the input record key). Lines sharing a folder share one loaded model.
   *
   * @return line id to bundle folder
   */
  Map<String, Path> lines();

  /**
   * Where relative bundle folders are looked for when they are not in the working directory. The
   * launcher sets it to the repository root, so that {@code ./flowspect serve} finds {@code
   * models/...} from any directory; unset, only the working directory is searched.
   *
   * @return the folder
   */
  Optional<Path> baseDir();

  /**
   * ONNX Runtime intra-op threads per model. Default 0: ONNX Runtime's choice, one per physical
   * core.
   *
   * @return the thread count
   */
  @WithDefault("0")
  int onnxThreads();

  /**
   * Execution provider. Default cpu; cuda needs the {@code cuda} Maven profile and falls back to
   * the CPU with a warning.
   *
   * @return the provider
   */
  @WithDefault("cpu")
  ExecutionProvider provider();

  /**
   * How often bundle folders are checked for changes; a folder whose files changed (and then stayed
   * unchanged for one more interval, so that a copy in progress is not picked up half-way) is
   * reloaded as by {@code POST /api/v1/models/{id}/reload}. Default 10 s; 0 turns watching off.
   *
   * @return the interval
   */
  @WithDefault("10s")
  Duration watchInterval();

  /**
   * Returns the routes as a record.
   *
   * @return the routing table
   */
  default Routes toRoutes() {
    return new Routes(defaultBundle(), lines());
  }
}
