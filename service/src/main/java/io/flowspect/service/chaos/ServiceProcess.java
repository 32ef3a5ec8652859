package io.flowspect.service.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One instance of the real service ({@code quarkus-run.jar}) in its own JVM, pointed at the chaos
 * broker: started, probed on {@code /q/health/ready}, killed with SIGKILL (no shutdown hook runs,
 * as when a machine loses power or the kernel's OOM killer strikes) or stopped with SIGTERM.
 */
final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String instanceId;
  private final int httpPort;
  private final Process process;

  private ServiceProcess(String instanceId, int httpPort, Process process) {
    this.instanceId = instanceId;
    this.httpPort = httpPort;
    this.process = process;
  }

  /**
   * Starts an instance.
   *
   * @param jar the service's {@code quarkus-run.jar}
   * @param instanceId its {@code flowspect.pipeline.instance-id}, stable across its restarts
   * @param httpPort its HTTP port on 127.0.0.1
   * @param properties further system properties (broker, model, partitions...)
   * @param heap its maximum heap, e.g. "1g"
   * @param log the file its output is appended to
   * @return the running process
   */
  static ServiceProcess start(
      Path jar,
      String instanceId,
      int httpPort,
      Map<String, String> properties,
      String heap,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap);
    command.add("-XX:+UseParallelGC");
    command.add("-Dai.djl.offline=true");
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=" + httpPort);
    command.add("-Dflowspect.pipeline.instance-id=" + instanceId);
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar.toString());
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new ServiceProcess(instanceId, httpPort, p);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + jar + ": " + e.getMessage(), e);
    }
  }

  /** The instance id. */
  String instanceId() {
    return instanceId;
  }

  /** The operating system's process id. */
  long pid() {
    return process.pid();
  }

  /** The HTTP port. */
  int httpPort() {
    return httpPort;
  }

  /** Whether the process still runs. */
  boolean alive() {
    return process.isAlive();
  }

  /**
   * Asks {@code /q/health/ready} once.
   *
   * @return true on 200
   */
  boolean ready() {
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits until the instance is ready.
   *
   * @param timeout the longest wait
   * @return how long it took
   * @throws IllegalStateException if the process died or the timeout passed
   */
  Duration awaitReady(Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            instanceId + " exited with status " + process.exitValue() + " before it was ready");
      }
      if (ready()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Chaos.pause(Duration.ofMillis(200));
    }
    throw new IllegalStateException(instanceId + " was not ready within " + timeout);
  }

  /** Kills the process with SIGKILL and waits for it to be gone. */
  void kill() {
    process.destroyForcibly();
    waitGone(Duration.ofSeconds(30));
  }

  /** Asks the process to stop (SIGTERM: graceful shutdown) and waits up to 30 s, then kills it. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitGone(Duration.ofSeconds(30))) {
      kill();
    }
  }

  private boolean waitGone(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
