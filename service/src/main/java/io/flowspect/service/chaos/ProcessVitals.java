package io.flowspect.service.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * One reading of a service process's vital signs, from {@code /proc} (Linux) and its {@code
 * /q/metrics}: what a leak would move.
 *
 * @param heapAfterGcBytes JVM heap in use right after a full GC the reading asked for (jcmd)
 * @param rssBytes resident set size
 * @param threads the process's threads
 * @param fileDescriptors its open file descriptors
 */
record ProcessVitals(long heapAfterGcBytes, long rssBytes, int threads, long fileDescriptors) {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Reads a process's vitals.
   *
   * @param pid the process
   * @param httpPort its HTTP port, for {@code /q/metrics}
   * @return the reading
   * @throws IllegalStateException if /proc or the metrics cannot be read
   */
  static ProcessVitals read(long pid, int httpPort) {
    try {
      fullGc(pid);
      long heap = heapUsed(httpPort);
      String status = Files.readString(Path.of("/proc/" + pid + "/status"));
      long rss = field(status, "VmRSS:") * 1024;
      int threads = (int) field(status, "Threads:");
      long fds;
      try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
        fds = s.count();
      }
      return new ProcessVitals(heap, rss, threads, fds);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the vitals of process " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Words how the process changed from this reading to a later one.
   *
   * @param later the later reading
   * @return e.g. "heap after GC 21.1 -> 21.6 MB (+2.0%), RSS 424.1 -> 430.3 MB (+1.5%), threads 32
   *     -> 32"
   */
  String changeTo(ProcessVitals later) {
    return String.format(
        java.util.Locale.ROOT,
        "heap after GC %.1f -> %.1f MB (%+.1f%%), RSS %.1f -> %.1f MB (%+.1f%%), threads %d -> %d",
        heapAfterGcBytes / 1e6,
        later.heapAfterGcBytes / 1e6,
        growth(heapAfterGcBytes, later.heapAfterGcBytes),
        rssBytes / 1e6,
        later.rssBytes / 1e6,
        growth(rssBytes, later.rssBytes),
        threads,
        later.threads);
  }

  private static double growth(long from, long to) {
    return from == 0 ? 0 : 100.0 * (to - from) / from;
  }

  private static void fullGc(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid + " GC.run failed");
    }
  }

  /** Sums {@code jvm_memory_used_bytes{area="heap",...}} over the heap pools. */
  private static long heapUsed(int httpPort) throws IOException, InterruptedException {
    String text =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) sum;
  }

  private static long field(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no " + name + " in /proc status");
  }
}
