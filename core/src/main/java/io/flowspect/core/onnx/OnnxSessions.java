package io.flowspect.core.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates ONNX Runtime sessions on the one process-wide {@link OrtEnvironment}.
 *
 * <p>Why: ONNX Runtime allows a single environment per process, and the CUDA provider may be
 * missing at runtime (CPU-only jar, no driver, missing libcublas). Asking for CUDA therefore never
 * fails: the first fallback logs one warning and every session then runs on CPU. Thread-safe.
 */
public final class OnnxSessions {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);
  private static final AtomicBoolean CUDA_WARNED = new AtomicBoolean();

  private OnnxSessions() {}

  /**
   * Returns the shared environment.
   *
   * @return the process-wide environment
   */
  public static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * Opens a session.
   *
   * @param model an ONNX file
   * @param options provider and thread counts (applied when &gt; 0)
   * @return an open session; the caller closes it
   * @throws IllegalArgumentException if the file does not exist
   * @throws OnnxModelException if ONNX Runtime cannot load the file
   */
  public static OrtSession open(Path model, OnnxOptions options) {
    if (model == null || options == null) {
      throw new IllegalArgumentException("model and options must not be null");
    }
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException(model + ": no such ONNX file");
    }
    if (options.provider() == ExecutionProvider.CUDA) {
      try (OrtSession.SessionOptions so = baseOptions(options)) {
        try {
          so.addCUDA(0);
        } catch (OrtException e) {
          if (CUDA_WARNED.compareAndSet(false, true)) {
            LOG.warn(
                "CUDA execution provider unavailable ({}); falling back to CPU",
                firstLine(e.getMessage()));
          } else {
            LOG.debug("CUDA execution provider unavailable for {}; using CPU", model);
          }
          return create(model, options);
        }
        return create(model, so);
      } catch (OrtException e) {
        throw new OnnxModelException(model + ": cannot set session options: " + e.getMessage(), e);
      }
    }
    return create(model, options);
  }

  private static OrtSession create(Path model, OnnxOptions options) {
    try (OrtSession.SessionOptions so = baseOptions(options)) {
      return create(model, so);
    } catch (OrtException e) {
      throw new OnnxModelException(model + ": cannot set session options: " + e.getMessage(), e);
    }
  }

  private static OrtSession create(Path model, OrtSession.SessionOptions so) {
    try {
      return environment().createSession(model.toString(), so);
    } catch (OrtException e) {
      throw new OnnxModelException(
          model + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
    }
  }

  private static OrtSession.SessionOptions baseOptions(OnnxOptions options) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      if (options.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(options.intraOpThreads());
      }
      if (options.interOpThreads() > 0) {
        so.setInterOpNumThreads(options.interOpThreads());
      }
      return so;
    } catch (OrtException | RuntimeException e) {
      so.close();
      throw e;
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
