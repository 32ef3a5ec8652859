package io.flowspect.service.lifecycle;

import java.util.concurrent.ThreadFactory;

/**
 * Thread factories for the service's background executors: named, so that a thread dump says whose
 * thread it is, and daemons, so that a background task never keeps the process alive once the
 * application has stopped.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /**
   * A factory of daemon threads with this name.
   *
   * @param name the threads' name, e.g. {@code flowspect-bundle-watcher}
   * @return the factory
   */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
