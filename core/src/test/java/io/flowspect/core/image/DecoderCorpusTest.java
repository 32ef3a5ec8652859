package io.flowspect.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed fuzzing corpus ({@code src/test/resources/fuzz/<target>}: the seeds, and
 * every input a fuzzing run of {@code scripts/fuzz-decoders} found) through {@link
 * DecoderFuzzTarget}: each is decoded within the limits or refused with a reason, within a few
 * seconds.
 */
class DecoderCorpusTest {

  private static final Path CORPUS = Path.of("src", "test", "resources", "fuzz");

  static Stream<Arguments> inputs() throws IOException {
    List<Arguments> all = new java.util.ArrayList<>();
    for (String target : DecoderFuzzTarget.TARGETS) {
      try (Stream<Path> files = Files.list(CORPUS.resolve(target))) {
        List<Path> inputs = files.sorted().toList();
        assertThat(inputs).as("the %s corpus", target).isNotEmpty();
        inputs.forEach(f -> all.add(Arguments.of(target, f.getFileName().toString())));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("inputs")
  void everyInputIsDecodedOrRefusedInTime(String target, String file) throws IOException {
    byte[] data = Files.readAllBytes(CORPUS.resolve(target).resolve(file));
    // Generous for a loaded CI machine; the fuzzing driver itself stops at one second.
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> DecoderFuzzTarget.run(target, data));
  }
}
