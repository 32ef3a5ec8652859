package io.flowspect.service.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Turns Kafka's refusals of this service (a failed TLS handshake or SASL login, a missing ACL) into
 * one line an operator can act on: what was refused, to whom, and the ACL or setting that fixes it.
 * Retrying cannot mend these, so the pipeline says it once, reports not ready with the same words,
 * and keeps trying slowly so that a granted ACL takes effect without a restart.
 */
public final class KafkaAccess {

  private static final Pattern USERNAME = Pattern.compile("username=\"([^\"]*)\"");

  private KafkaAccess() {}

  /**
   * Describes an access problem.
   *
   * @param e what a Kafka client threw
   * @param clientProperties the client's settings (for the user name)
   * @param transactionalId the producer's transactional id, or null without transactions
   * @return the line, or empty when {@code e} is not an access problem
   */
  public static Optional<String> describe(
      Throwable e, Map<String, ?> clientProperties, String transactionalId) {
    String principal = principal(clientProperties);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TopicAuthorizationException topic) {
        return Optional.of(
            denies(
                principal,
                "access to topic(s) " + topic.unauthorizedTopics(),
                "Read on the images topic and Write on the scores, alerts and dead-letter topics",
                "..."));
      }
      if (t instanceof GroupAuthorizationException group) {
        return Optional.of(
            denies(
                principal,
                "the consumer group '" + group.groupId() + "'",
                "Read on the group",
                "--operation Read --group " + group.groupId()));
      }
      if (t instanceof TransactionalIdAuthorizationException) {
        return Optional.of(
            denies(
                principal,
                "its transactional id '" + transactionalId + "'",
                "Write and Describe on it",
                "--operation Write --operation Describe --transactional-id " + transactionalId));
      }
      if (t instanceof ClusterAuthorizationException) {
        return Optional.of(
            "Kafka denies "
                + principal
                + " a cluster operation ("
                + t.getMessage()
                + "): grant IdempotentWrite on the cluster, or Create if the service creates its"
                + " topics");
      }
      if (t instanceof AuthorizationException) {
        return Optional.of("Kafka denies " + principal + ": " + t.getMessage());
      }
      if (t instanceof SslAuthenticationException) {
        return Optional.of(
            "TLS handshake with Kafka failed ("
                + rootMessage(t)
                + "): check ssl.truststore.location holds the broker's CA and that the broker's"
                + " certificate names the host in kafka.bootstrap.servers");
      }
      if (t instanceof AuthenticationException) {
        return Optional.of(
            "Kafka refused the login of "
                + principal
                + " ("
                + t.getMessage()
                + "): check sasl.mechanism and the user name and password in sasl.jaas.config");
      }
    }
    return Optional.empty();
  }

  /** A refused ACL, said with the grant that mends it and the kafka-acls command for it. */
  private static String denies(String principal, String what, String grant, String aclArgs) {
    return "Kafka denies "
        + principal
        + " "
        + what
        + ": grant "
        + grant
        + " (kafka-acls --add --allow-principal "
        + principal
        + " "
        + aclArgs
        + ")";
  }

  /** The SASL user as an ACL principal, e.g. {@code User:flowspect}. */
  static String principal(Map<String, ?> clientProperties) {
    Object jaas = clientProperties.get("sasl.jaas.config");
    if (jaas != null) {
      Matcher m = USERNAME.matcher(jaas.toString());
      if (m.find()) {
        return "User:" + m.group(1);
      }
    }
    return "this service's principal";
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
