package io.flowspect.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.SelfSignedTls;
import io.flowspect.service.kafka.TopicAdmin;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.Routes;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.QuietKafkaLogs;
import io.flowspect.service.support.TestBundles;
import io.flowspect.service.support.TestImages;
import io.flowspect.service.support.TestPipelines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline against a broker secured as a plant's would be: TLS (a certificate made here with
 * the JDK's keytool), SASL/SCRAM-SHA-512 logins and ACLs with nothing allowed by default. Exactly
 * once holds through it; a missing ACL and a wrong password each give one clear line, on the log
 * and in readiness, and granting the ACL lets the pipeline go on by itself with nothing lost.
 */
class SecureKafkaTest {

  private static final String SECRET = "store-secret";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir static Path dir;

  private static EmbeddedKafka kafka;
  private static ModelRouter router;
  private static Path truststore;
  private static Map<String, String> admin;

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    QuietKafkaLogs.apply();
    SelfSignedTls tls = SelfSignedTls.create(dir, SECRET);
    Path keystore = tls.keystore();
    truststore = tls.truststore();
    kafka =
        EmbeddedKafka.start(
            Optional.empty(),
            0,
            new EmbeddedKafka.Security(
                keystore,
                SECRET,
                Map.of("admin", "admin-secret", "flowspect", "flowspect-secret", "late", "late-pw"),
                "admin"));
    admin = EmbeddedKafka.Security.clientProperties(truststore, SECRET, "admin", "admin-secret");
    router =
        ModelRouter.open(
            new Routes(Optional.of(TestBundles.made()), Map.of()),
            new OnnxOptions(ExecutionProvider.CPU, 1, 1),
            64);
  }

  @AfterAll
  static void stop() {
    if (router != null) {
      router.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyImageIsScoredOnceThroughTlsAndScram() {
    Topics topics = topics("sec");
    grant("flowspect", topics, "sec");
    Map<String, String> client =
        EmbeddedKafka.Security.clientProperties(
            truststore, SECRET, "flowspect", "flowspect-secret");
    try (ScoringPipeline pipeline = pipeline(topics, "sec", client)) {
      pipeline.start();
      List<String> ids = send(topics, "sec", 40);
      assertThat(scoredIds(topics, ids.size())).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(pipeline.accessProblem()).isEmpty();
    }
  }

  @Test
  void aMissingAclIsOneClearLineAndGrantingItResumesWithNothingLost() {
    Topics topics = topics("late");
    List<String> ids = send(topics, "late", 10);
    Map<String, String> client =
        EmbeddedKafka.Security.clientProperties(truststore, SECRET, "late", "late-pw");
    try (ScoringPipeline pipeline = pipeline(topics, "late", client)) {
      pipeline.start();
      await().atMost(WAIT).until(() -> pipeline.accessProblem().isPresent());
      assertThat(pipeline.accessProblem().get()).startsWith("Kafka denies User:late ");
      grant("late", topics, "late");
      assertThat(scoredIds(topics, ids.size())).containsExactlyInAnyOrderElementsOf(ids);
      await().atMost(WAIT).until(() -> pipeline.accessProblem().isEmpty());
    }
  }

  @Test
  void aWrongPasswordIsOneClearLine() {
    Topics topics = topics("pw");
    grant("flowspect", topics, "pw");
    Map<String, String> client =
        EmbeddedKafka.Security.clientProperties(truststore, SECRET, "flowspect", "wrong");
    try (ScoringPipeline pipeline = pipeline(topics, "pw", client)) {
      pipeline.start();
      await().atMost(WAIT).until(() -> pipeline.accessProblem().isPresent());
      assertThat(pipeline.accessProblem().get())
          .startsWith("Kafka refused the login of User:flowspect")
          .contains("sasl.jaas.config");
    }
  }

  private static Topics topics(String name) {
    Topics t = new Topics(name + ".images", name + ".scores", name + ".alerts", name + ".dlq");
    TopicAdmin.ensure(
        kafka.bootstrapServers(), t.all(), 1, (short) 1, admin, Duration.ofSeconds(30));
    return t;
  }

  /** The ACLs the service needs, and nothing more. */
  private static void grant(String user, Topics topics, String name) {
    String principal = "User:" + user;
    List<AclBinding> acls = new ArrayList<>();
    acls.add(
        acl(
            ResourceType.TOPIC,
            topics.images(),
            PatternType.LITERAL,
            principal,
            AclOperation.READ));
    for (String out : List.of(topics.scores(), topics.alerts(), topics.dlq())) {
      acls.add(acl(ResourceType.TOPIC, out, PatternType.LITERAL, principal, AclOperation.WRITE));
    }
    acls.add(
        acl(
            ResourceType.GROUP,
            name + "-group",
            PatternType.LITERAL,
            principal,
            AclOperation.READ));
    acls.add(
        acl(
            ResourceType.TRANSACTIONAL_ID,
            name,
            PatternType.PREFIXED,
            principal,
            AclOperation.WRITE));
    acls.add(
        acl(
            ResourceType.TRANSACTIONAL_ID,
            name,
            PatternType.PREFIXED,
            principal,
            AclOperation.DESCRIBE));
    Map<String, Object> p = new HashMap<>(admin);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin a = Admin.create(p)) {
      a.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create ACLs: " + e, e);
    }
  }

  private static AclBinding acl(
      ResourceType type, String name, PatternType pattern, String principal, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }

  private static ScoringPipeline pipeline(Topics topics, String name, Map<String, String> client) {
    return TestPipelines.pipeline(
        TestPipelines.exactlyOnce(kafka.bootstrapServers(), topics, name, 16, client), router);
  }

  /** Sends striped PNGs as the administrator; returns their ids. */
  private static List<String> send(Topics topics, String name, int n) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = name + "-" + i;
      ids.add(id);
      RecordHeaders h = new RecordHeaders();
      h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
      h.add(ImageHeaders.CONTENT_TYPE, "image/png".getBytes(StandardCharsets.UTF_8));
      records.add(
          new ProducerRecord<>(
              topics.images(),
              null,
              "line".getBytes(StandardCharsets.UTF_8),
              TestImages.stripes(2 + i % 5),
              h));
    }
    new KafkaTestClient(kafka.bootstrapServers(), admin).produce(records);
    return ids;
  }

  /** The image ids of the committed score records, once {@code n} are there; duplicates kept. */
  private static List<String> scoredIds(Topics topics, int n) {
    List<ConsumerRecord<byte[], byte[]>> scores =
        new KafkaTestClient(kafka.bootstrapServers(), admin)
            .readAll(topics.scores(), true, r -> r.size() >= n, WAIT);
    List<String> ids = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : scores) {
      ids.add(KafkaTestClient.header(r, ImageHeaders.IMAGE_ID));
    }
    return ids;
  }
}
