package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.model.SessionMetric;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Genesys' own session metrics summed over a conversation: tAcd over the acd legs, tTalkComplete,
 * tHeldComplete, tAcw, tHandle and nTransferred over the handler sessions (purpose agent or user).
 * Genesys emits a metric only where it applies (no tHeldComplete without a hold, no nTransferred
 * without a transfer), so in a record that carries session metrics an absent one is zero; a record
 * that carries none at all (older records) has null in every sum, never mistaken for zero. They
 * are an independent check on the segment-derived figures, never an input to them.
 */
record GenesysMetrics(
    @Nullable Long queueWaitMs,
    @Nullable Long talkMs,
    @Nullable Long holdMs,
    @Nullable Long wrapUpMs,
    @Nullable Long handleMs,
    @Nullable Long transfers) {

  static GenesysMetrics of(Conversation conversation) {
    if (!carriesMetrics(conversation)) {
      return new GenesysMetrics(null, null, null, null, null, null);
    }
    return new GenesysMetrics(
        sum(conversation, "tAcd", false),
        sum(conversation, "tTalkComplete", true),
        sum(conversation, "tHeldComplete", true),
        sum(conversation, "tAcw", true),
        sum(conversation, "tHandle", true),
        sum(conversation, "nTransferred", true));
  }

  private static boolean carriesMetrics(Conversation conversation) {
    for (Participant participant : conversation.getParticipants()) {
      for (Session session : participant.getSessions()) {
        if (!session.getMetrics().isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  private static long sum(Conversation conversation, String name, boolean handlers) {
    long total = 0;
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
            total += metric.getValue();
          }
        }
      }
    }
    return total;
  }
}
