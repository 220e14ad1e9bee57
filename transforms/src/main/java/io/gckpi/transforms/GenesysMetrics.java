package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.model.SessionMetric;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Genesys' own session metrics summed over a conversation: tAcd over the acd legs, tTalkComplete,
 * tHeldComplete, tAcw, tHandle and nTransferred over the handler sessions (purpose agent or user).
 * Each is null when no session of the record carries it (older records have no metrics), so a
 * missing metric is never mistaken for zero. They are an independent check on the
 * segment-derived figures, never an input to them.
 */
record GenesysMetrics(
    @Nullable Long queueWaitMs,
    @Nullable Long talkMs,
    @Nullable Long holdMs,
    @Nullable Long wrapUpMs,
    @Nullable Long handleMs,
    @Nullable Long transfers) {

  static GenesysMetrics of(Conversation conversation) {
    return new GenesysMetrics(
        sum(conversation, "tAcd", false),
        sum(conversation, "tTalkComplete", true),
        sum(conversation, "tHeldComplete", true),
        sum(conversation, "tAcw", true),
        sum(conversation, "tHandle", true),
        sum(conversation, "nTransferred", true));
  }

  private static @Nullable Long sum(Conversation conversation, String name, boolean handlers) {
    Long total = null;
    for (Participant participant : conversation.getParticipants()) {
      boolean counted =
          handlers
              ? TimelineBuilder.isHandler(participant)
              : participant.getPurpose().equals("acd");
      if (!counted) {
        continue;
      }
      for (Session session : participant.getSessions()) {
        for (SessionMetric metric : session.getMetrics()) {
          if (metric.getName().equals(name)) {
            total = (total == null ? 0 : total) + metric.getValue();
          }
        }
      }
    }
    return total;
  }
}
