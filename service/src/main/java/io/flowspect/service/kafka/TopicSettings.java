package io.flowspect.service.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Topic names ({@code flowspect.topics.*}); the defaults are the documented contract. */
@ConfigMapping(prefix = "flowspect.topics")
public interface TopicSettings {

  /**
   * Input topic.
   *
   * @return default {@value Topics#IMAGES}
   */
  @WithDefault(Topics.IMAGES)
  String images();

  /**
   * Score topic.
   *
   * @return default {@value Topics#SCORES}
   */
  @WithDefault(Topics.SCORES)
  String scores();

  /**
   * Alert topic.
   *
   * @return default {@value Topics#ALERTS}
   */
  @WithDefault(Topics.ALERTS)
  String alerts();

  /**
   * Dead-letter topic.
   *
   * @return default {@value Topics#DLQ}
   */
  @WithDefault(Topics.DLQ)
  String dlq();

  /**
   * Returns the names as a record.
   *
   * @return the topics
   */
  default Topics toTopics() {
    return new Topics(images(), scores(), alerts(), dlq());
  }
}
