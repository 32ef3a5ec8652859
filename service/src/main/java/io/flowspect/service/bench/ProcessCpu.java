package io.flowspect.service.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this process, all threads: what the benchmark divides by images to give a cost per
 * image that does not depend on how much of the machine other processes take.
 */
final class ProcessCpu {

  private ProcessCpu() {}

  /**
   * Returns the CPU time this process has used.
   *
   * @return nanoseconds; -1 where the JVM cannot tell
   */
  static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
