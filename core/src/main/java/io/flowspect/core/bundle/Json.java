package io.flowspect.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration for flowspect's files and API payloads: snake_case names, unknown
 * properties ignored (files written by a newer version stay readable), pretty-printed output with
 * map keys sorted (byte-stable manifests that diff well). Dates are plain ISO-8601 strings, so no
 * time module is needed.
 *
 * <p>The mapper is thread-safe once configured; do not reconfigure it.
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private Json() {}

  /**
   * Returns the shared mapper.
   *
   * @return the configured, thread-safe mapper; must not be reconfigured
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Serialises a value as pretty-printed JSON.
   *
   * @param value a record, map, list or scalar
   * @return the JSON text
   * @throws IllegalArgumentException if the value cannot be serialised
   */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot serialise " + value.getClass().getName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses JSON text.
   *
   * @param json the text
   * @param type the target type
   * @param <T> the target type
   * @return the value
   * @throws IllegalArgumentException if the text is not valid JSON for {@code type}
   */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not valid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
