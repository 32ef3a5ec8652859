package io.flowspect.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.data.IdxFile;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.explain.ExplainOptions;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.service.ingest.DlqReason;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.DeadLetters;
import io.flowspect.service.output.ScoreRecord;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.Routes;
import io.flowspect.service.support.TestBundles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records for a conditional bundle (the tiny cvae, on line {@code line-c}) carry their class in the
 * {@code condition} header: scored under it when it is a class of the bundle, dead-lettered with
 * their reason when it is missing or unknown, without failing the rest of the batch; other bundles
 * (the default MADE) ignore the header.
 */
class BatchScorerConditionTest {

  private static final OnnxOptions ONNX = new OnnxOptions(ExecutionProvider.CPU, 1, 1);
  private static final List<String> CLASSES =
      List.of(
          "t-shirt",
          "trouser",
          "pullover",
          "dress",
          "coat",
          "sandal",
          "shirt",
          "sneaker",
          "bag",
          "boot");

  private static ModelRouter router;
  private static BatchScorer scorer;
  private static IdxImages images;
  private static int[] labels;
  private long offset;

  @BeforeAll
  static void open() {
    router =
        ModelRouter.open(
            new Routes(Optional.of(TestBundles.made()), Map.of("line-c", TestBundles.cvae())),
            ONNX,
            64);
    scorer =
        new BatchScorer(
            Topics.defaults(),
            new ImageIntake(ImageLimits.defaults()),
            router,
            ExplainOptions.defaults(),
            1_000_000,
            Clock.systemUTC());
    try (InputStream i = resource("demo/fashion-images-idx3-ubyte.gz");
        InputStream l = resource("demo/fashion-labels-idx1-ubyte.gz")) {
      images = IdxFile.readImages(i, "demo images");
      labels = IdxFile.readLabels(l, "demo labels");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void close() {
    router.close();
  }

  private static InputStream resource(String name) {
    InputStream in = BatchScorerConditionTest.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("resource " + name + " is missing");
    }
    return in;
  }

  /** Image {@code index} of the demo set as a raw record on a line, with a condition or none. */
  private ConsumerRecord<byte[], byte[]> record(String line, int index, String condition) {
    ConsumerRecord<byte[], byte[]> r =
        new ConsumerRecord<>(
            Topics.IMAGES,
            0,
            offset++,
            line.getBytes(StandardCharsets.UTF_8),
            images.image(index).pixels());
    r.headers().add(ImageHeaders.IMAGE_ID, ("img-" + offset).getBytes(StandardCharsets.UTF_8));
    r.headers().add(ImageHeaders.CONTENT_TYPE, ImageHeaders.RAW_CONTENT_TYPE.getBytes());
    r.headers().add(ImageHeaders.WIDTH, "28".getBytes());
    r.headers().add(ImageHeaders.HEIGHT, "28".getBytes());
    r.headers().add(ImageHeaders.CHANNELS, "1".getBytes());
    if (condition != null) {
      r.headers().add(ImageHeaders.CONDITION, condition.getBytes(StandardCharsets.UTF_8));
    }
    return r;
  }

  private static String header(ProducerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldDeadLetterConditionalRecordsWithoutAKnownClassAndScoreTheRest() {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      batch.add(record("line-c", i, CLASSES.get(labels[i])));
    }
    batch.add(record("line-c", 4, null));
    batch.add(record("line-c", 5, "hat"));
    batch.add(record("line-a", 6, null));
    batch.add(record("line-a", 7, "hat"));

    ScoredBatch out = scorer.score(batch, System.nanoTime());

    assertThat(out.deadLetters())
        .containsExactly(DlqReason.NO_CONDITION, DlqReason.UNKNOWN_CONDITION);
    assertThat(out.scores()).hasSize(6);
    assertThat(out.scores().subList(0, 4))
        .allSatisfy(
            s -> {
              assertThat(s.model().id()).isEqualTo("fmnist-cvae-tiny");
              assertThat(s.judgement().scores()).containsKeys("elbo", "iwae");
            });
    assertThat(out.scores().subList(4, 6))
        .allSatisfy(s -> assertThat(s.model().id()).isEqualTo("fmnist-made-tiny"));
    List<ProducerRecord<byte[], byte[]>> dead =
        out.outputs().stream().filter(r -> r.topic().equals(Topics.DLQ)).toList();
    assertThat(dead).hasSize(2);
    assertThat(header(dead.get(0), DeadLetters.ERROR_REASON)).isEqualTo("NO_CONDITION");
    assertThat(header(dead.get(0), DeadLetters.ERROR_MESSAGE))
        .contains("model fmnist-cvae-tiny is conditioned on label")
        .contains("[t-shirt, trouser, pullover")
        .contains("'condition' header");
    assertThat(header(dead.get(1), DeadLetters.ERROR_REASON)).isEqualTo("UNKNOWN_CONDITION");
    assertThat(header(dead.get(1), DeadLetters.ERROR_MESSAGE))
        .contains("label 'hat' is not one of its classes [t-shirt");
    assertThat(header(dead.get(1), ImageHeaders.CONDITION)).isEqualTo("hat");
  }

  /**
   * The header reaches the model: an image scored under another class gets another bound, and a
   * batch mixing classes scores each image as it scores alone.
   */
  @Test
  void shouldScoreEachImageUnderTheClassOfItsHeader() {
    int n = 20;
    List<ConsumerRecord<byte[], byte[]>> own = new ArrayList<>();
    List<ConsumerRecord<byte[], byte[]>> other = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      own.add(record("line-c", i, CLASSES.get(labels[i])));
      other.add(record("line-c", i, CLASSES.get((labels[i] + 5) % 10)));
    }
    List<ScoreRecord> mine = scorer.score(own, System.nanoTime()).scores();
    List<ScoreRecord> theirs = scorer.score(other, System.nanoTime()).scores();
    int higher = 0;
    for (int i = 0; i < n; i++) {
      double a = mine.get(i).judgement().scores().get("iwae");
      double b = theirs.get(i).judgement().scores().get("iwae");
      assertThat(a).as("image %d under two classes", i).isNotEqualTo(b);
      if (a > b) {
        higher++;
      }
    }
    System.out.printf(
        "fmnist-cvae-tiny: %d of %d demo images have a higher IWAE under their own class%n",
        higher, n);
    assertThat(higher).isGreaterThan(n / 2);

    ScoreRecord alone =
        scorer
            .score(List.of(record("line-c", 3, CLASSES.get(labels[3]))), System.nanoTime())
            .scores()
            .get(0);
    assertThat(alone.judgement().scores().get("iwae"))
        .isEqualTo(mine.get(3).judgement().scores().get("iwae"));
  }
}
