package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;
import io.gckpi.transforms.TimelineBuilder.Event;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The sequence rules of a timeline: a conversation that breaks one gets a reason code
 * instead of a silent, wrong number. An open conversation (no conversationEnd, segments still
 * running) is not malformed: it is kept, flagged open.
 */
public final class TimelineValidator {
  public static final String NO_PARTICIPANTS = "NO_PARTICIPANTS";
  public static final String SEGMENT_WITHOUT_START = "SEGMENT_WITHOUT_START";
  public static final String SEGMENT_ENDS_BEFORE_START = "SEGMENT_ENDS_BEFORE_START";
  public static final String WRAPUP_BEFORE_INTERACT = "WRAPUP_BEFORE_INTERACT";
  public static final String TRANSFER_WITHOUT_LATER_LEG = "TRANSFER_WITHOUT_LATER_LEG";

  private TimelineValidator() {}

  /** A broken rule: its code and what exactly is wrong. */
  public record Violation(String reason, String detail) {}

  /** The first rule the conversation breaks, or null when it is well formed. */
  public static @Nullable Violation check(Conversation conversation) {
    if (conversation.getParticipants().isEmpty()) {
      return new Violation(NO_PARTICIPANTS, "the conversation has no participants");
    }
    for (Participant participant : conversation.getParticipants()) {
      for (Session session : participant.getSessions()) {
        Violation violation = checkSession(participant, session);
        if (violation != null) {
          return violation;
        }
      }
    }
    return checkTransfers(TimelineBuilder.events(conversation));
  }

  private static @Nullable Violation checkSession(Participant participant, Session session) {
    Long firstInteract = null;
    for (Segment segment : session.getSegments()) {
      Long start = segment.getSegmentStartMs();
      Long end = segment.getSegmentEndMs();
      if (start == null) {
        return new Violation(SEGMENT_WITHOUT_START,
            "a " + participant.getPurpose() + " " + segment.getSegmentType()
                + " segment has no segmentStart");
      }
      if (end != null && end < start) {
        return new Violation(SEGMENT_ENDS_BEFORE_START,
            "a " + participant.getPurpose() + " " + segment.getSegmentType() + " segment ends "
                + (start - end) + " ms before it starts");
      }
      if (segment.getSegmentType().equals("interact")
          && (firstInteract == null || start < firstInteract)) {
        firstInteract = start;
      }
    }
    if (!TimelineBuilder.isHandler(participant) || firstInteract == null) {
      return null; // a session alerted but never answered may still carry a wrap-up
    }
    for (Segment segment : session.getSegments()) {
      if (segment.getSegmentType().equals("wrapup") && segment.getSegmentStartMs() < firstInteract) {
        return new Violation(WRAPUP_BEFORE_INTERACT,
            "a " + participant.getPurpose() + " wrap-up starts " + (firstInteract - segment.getSegmentStartMs())
                + " ms before the session's first interact");
      }
    }
    return null;
  }

  /**
   * A handler leg that ends with a transfer must be followed by another leg. The instant of the
   * transfer is the end of the segment that transfers; the wrap-up after it repeats the
   * disconnect type, and from it only its start counts (the next leg may begin while the
   * transferring handler still wraps up).
   */
  private static @Nullable Violation checkTransfers(List<Event> events) {
    for (Event event : events) {
      if (!TimelineBuilder.isHandler(event.participant())
          || !TimelineBuilder.isTransfer(event.segment().getDisconnectType())
          || event.segment().getSegmentEndMs() == null) {
        continue;
      }
      long transferredAt = event.type().equals("wrapup") ? event.start() : event.end();
      boolean later = false;
      for (Event other : events) {
        if (other.session() != event.session() && other.start() >= transferredAt) {
          later = true;
          break;
        }
      }
      if (!later) {
        return new Violation(TRANSFER_WITHOUT_LATER_LEG,
            "a " + event.purpose() + " segment ends with " + event.segment().getDisconnectType()
                + " but no later leg follows");
      }
    }
    return null;
  }
}
