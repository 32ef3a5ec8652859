package io.flowspect.service.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.flowspect.core.inspect.Judgement;

/**
 * JSON of the output records: snake_case like the CLI's {@code score} lines and the bundle files,
 * compact (one record, one line), and valid JSON only: a non-finite number is written as null.
 */
public final class OutputJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private OutputJson() {}

  /**
   * Returns the mapper, for readers of the output topics (tests, tools).
   *
   * @return the shared, thread-safe mapper; must not be reconfigured
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Serialises a record as UTF-8 JSON.
   *
   * @param value a record of this package
   * @return the bytes
   */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
    }
  }

  /**
   * Returns a value, or null when it is NaN or infinite (JSON has no such numbers).
   *
   * @param v the value
   * @return v or null
   */
  public static Double finite(double v) {
    return Judgement.finite(v);
  }
}
