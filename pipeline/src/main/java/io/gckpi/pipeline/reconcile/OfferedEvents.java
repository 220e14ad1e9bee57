package io.gckpi.pipeline.reconcile;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.model.SessionMetric;
import java.util.ArrayList;
import java.util.List;

/**
 * The nOffered events of a conversation, as the aggregates API counts them: each acd session's
 * {@code nOffered} metric at its own {@code emitDate}, for that session's queue and media type.
 * Reading the emit date from the record itself is what makes the comparison with the aggregates
 * API exact: both sides bucket the same instant.
 */
public final class OfferedEvents {
  private OfferedEvents() {}

  public static List<OfferedBucket> of(Conversation conversation) {
    List<OfferedBucket> buckets = new ArrayList<>();
    for (Participant participant : conversation.getParticipants()) {
      if (!"acd".equals(participant.getPurpose())) {
        continue;
      }
      for (Session session : participant.getSessions()) {
        String queueId = firstQueueId(session);
        for (SessionMetric metric : session.getMetrics()) {
          if ("nOffered".equals(metric.getName()) && metric.getEmitDateMs() != null
              && queueId != null) {
            for (long i = 0; i < metric.getValue(); i++) {
              buckets.add(
                  OfferedBucket.of(metric.getEmitDateMs(), queueId, session.getMediaType()));
            }
          }
        }
      }
    }
    return buckets;
  }

  private static String firstQueueId(Session session) {
    for (Segment segment : session.getSegments()) {
      if (segment.getQueueId() != null) {
        return segment.getQueueId();
      }
    }
    return null;
  }
}
