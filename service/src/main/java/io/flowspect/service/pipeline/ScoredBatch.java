package io.flowspect.service.pipeline;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The outputs of one batch, in input order, ready to produce.
 *
 * @param outputs score, alert and dead-letter records
 * @param scored images scored
 * @param alerts anomalous images
 * @param deadLetters refused inputs
 */
public record ScoredBatch(
    List<ProducerRecord<byte[], byte[]>> outputs, int scored, int alerts, int deadLetters) {}
