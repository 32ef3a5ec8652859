package io.flowspect.service.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.jboss.logging.Logger;

/**
 * A single-node Kafka 4 broker (KRaft: broker and controller in one process) running inside this
 * JVM, bound to the loopback interface.
 *
 * <p>Why: the service must run on a laptop or a line PC with nothing else installed, and the tests
 * must exercise real Kafka transactions (read_committed, fencing, aborted batches) rather than a
 * mock. Starting the broker takes about two seconds.
 *
 * <p>The internal topics (consumer offsets, transaction state) have one partition and replication
 * factor 1, and a consumer group's first rebalance is not delayed: settings for one node, not for a
 * production cluster. With a data folder the broker keeps its log across restarts (the folder is
 * formatted once); without one it uses a temporary folder that {@link #close()} deletes.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";
  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final boolean temporary;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafka(
      KafkaRaftServer server, Path dataDir, boolean temporary, String bootstrapServers) {
    this.server = server;
    this.dataDir = dataDir;
    this.temporary = temporary;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts a broker in a temporary folder on a free port.
   *
   * @return the running broker; the caller closes it
   */
  public static EmbeddedKafka start() {
    return start(Optional.empty(), 0);
  }

  /**
   * Formats the storage when needed and starts the broker; returns once it accepts connections.
   *
   * @param dataDir where the log lives (created and formatted on first use); empty for a temporary
   *     folder deleted on close
   * @param port the client port on 127.0.0.1, or 0 for a free one
   * @return the running broker; the caller closes it
   * @throws IllegalStateException if the broker cannot start (port taken, unreadable folder)
   */
  public static EmbeddedKafka start(Optional<Path> dataDir, int port) {
    return start(dataDir, port, null);
  }

  /**
   * A broker whose client listener takes only TLS with SASL/SCRAM-SHA-512 and authorises every
   * request by ACLs ({@code StandardAuthorizer}, nothing allowed without an ACL): how a plant's
   * cluster is secured, in-process, so that the service's security settings are tested against a
   * real broker. The broker's own traffic (controller, inter-broker) stays on loopback listeners
   * whose principal is a super user.
   *
   * @param keystore PKCS12 keystore with the broker's key and certificate (for 127.0.0.1)
   * @param keystorePassword its password (also the key's)
   * @param users SCRAM-SHA-512 users, name to password, created when the storage is formatted
   * @param superUser the user every ACL lets through (the administrator)
   */
  public record Security(
      Path keystore, String keystorePassword, Map<String, String> users, String superUser) {

    /** The SASL mechanism of the secured listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /**
     * Returns the client properties that reach the secured listener as a user.
     *
     * @param truststore PKCS12 truststore holding the broker's certificate
     * @param truststorePassword its password
     * @param user the user
     * @param password the user's password
     * @return security.protocol, sasl.* and ssl.* properties
     */
    public static Map<String, String> clientProperties(
        Path truststore, String truststorePassword, String user, String password) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("security.protocol", "SASL_SSL");
      p.put("sasl.mechanism", MECHANISM);
      p.put(
          "sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
              + user
              + "\" password=\""
              + password
              + "\";");
      p.put("ssl.truststore.location", truststore.toString());
      p.put("ssl.truststore.password", truststorePassword);
      p.put("ssl.truststore.type", "PKCS12");
      return p;
    }
  }

  /**
   * Formats the storage when needed and starts the broker, secured or not.
   *
   * @param dataDir where the log lives; empty for a temporary folder deleted on close
   * @param port the client port on 127.0.0.1, or 0 for a free one
   * @param security TLS, SCRAM users and ACLs for the client listener; null for plain text
   * @return the running broker; the caller closes it
   */
  public static EmbeddedKafka start(Optional<Path> dataDir, int port, Security security) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 (free) or 1..65535, got " + port);
    }
    boolean temporary = dataDir.isEmpty();
    Path dir;
    try {
      dir =
          temporary
              ? Files.createTempDirectory("flowspect-kafka-")
              : Files.createDirectories(dataDir.get());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka data folder " + dataDir, e);
    }
    int brokerPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Path logDir = dir.resolve("log");
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("controller.listener.names", CONTROLLER);
    if (security == null) {
      props.put(
          "listeners",
          listener("PLAINTEXT", brokerPort) + "," + listener(CONTROLLER, controllerPort));
      props.put("advertised.listeners", listener("PLAINTEXT", brokerPort));
      props.put(
          "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
      props.put("inter.broker.listener.name", "PLAINTEXT");
    } else {
      int internalPort = freePort();
      String advertised = listener("SECURE", brokerPort) + "," + listener("INTERNAL", internalPort);
      props.put("listeners", advertised + "," + listener(CONTROLLER, controllerPort));
      props.put("advertised.listeners", advertised);
      props.put(
          "listener.security.protocol.map",
          "SECURE:SASL_SSL,INTERNAL:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
      props.put("inter.broker.listener.name", "INTERNAL");
      props.put("sasl.enabled.mechanisms", Security.MECHANISM);
      props.put(
          "listener.name.secure.scram-sha-512.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      props.put("ssl.keystore.location", security.keystore().toString());
      props.put("ssl.keystore.password", security.keystorePassword());
      props.put("ssl.key.password", security.keystorePassword());
      props.put("ssl.keystore.type", "PKCS12");
      props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      props.put("allow.everyone.if.no.acl.found", "false");
      // The loopback listeners' principal (the broker itself) and the administrator.
      props.put("super.users", "User:ANONYMOUS;User:" + security.superUser());
    }
    props.put("log.dirs", logDir.toString());
    // One node: every internal topic has one replica; few partitions keep start-up fast.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("min.insync.replicas", "1");
    props.put("num.partitions", "1");
    // A lone consumer should not wait 3 s for companions before its first assignment.
    props.put("group.initial.rebalance.delay.ms", "0");
    KafkaConfig config = new KafkaConfig(props, false);
    try {
      format(logDir, security);
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      String bootstrap = HOST + ":" + brokerPort;
      LOG.infof("embedded Kafka broker on %s, data in %s", bootstrap, dir);
      return new EmbeddedKafka(server, dir, temporary, bootstrap);
    } catch (Exception e) {
      if (temporary) {
        deleteTree(dir);
      }
      throw new IllegalStateException(
          "cannot start the embedded Kafka broker on port "
              + brokerPort
              + " ("
              + e.getMessage()
              + "); choose another port with flowspect.kafka.embedded-port, or a cluster with"
              + " kafka.bootstrap.servers",
          e);
    }
  }

  private static void format(Path logDir, Security security) throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    List<String> scram = new ArrayList<>();
    if (security != null) {
      security
          .users()
          .forEach(
              (user, password) ->
                  scram.add(Security.MECHANISM + "=[name=" + user + ",password=" + password + "]"));
    }
    new Formatter()
        .setScramArguments(scram)
        .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir.toString()))
        .setControllerListenerName(CONTROLLER)
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setIgnoreFormatted(true)
        .run();
  }

  /** A listener entry, {@code NAME://host:port}. */
  private static String listener(String name, int port) {
    return name + "://" + HOST + ":" + port;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  /**
   * Returns the address clients connect to.
   *
   * @return {@code 127.0.0.1:<port>}
   */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Returns the folder holding the broker's log and metadata.
   *
   * @return the data folder
   */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker and waits for it; deletes a temporary data folder. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      if (temporary) {
        deleteTree(dataDir);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warnf("could not delete the embedded Kafka folder %s: %s", dir, e.getMessage());
    }
  }
}
