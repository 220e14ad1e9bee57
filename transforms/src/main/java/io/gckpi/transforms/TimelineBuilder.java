package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.model.SessionMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rebuilds a conversation's timeline by the timeline rules, in plain Java so that the
 * same code runs inside Beam and in a plain loop (benchmarks).
 *
 * <p>Array order is never trusted: segments are put in (start, event-type priority) order before
 * anything "first" or "last" is decided, and a segment repeated within a session (exports repeat
 * them) is counted once. Open segments (no end yet) count zero.
 */
public final class TimelineBuilder {
  static final Set<String> TRANSFER_DISCONNECTS =
      Set.of("transfer", "consultTransfer", "forwardTransfer", "conferenceTransfer");

  private TimelineBuilder() {}

  /** Whether a segment's disconnect type hands the customer on to someone else. */
  static boolean isTransfer(String disconnectType) {
    return disconnectType != null && TRANSFER_DISCONNECTS.contains(disconnectType);
  }

  /** A segment with the participant and session it belongs to. */
  record Event(Participant participant, Session session, Segment segment) {
    String purpose() {
      return participant.getPurpose();
    }

    String type() {
      return segment.getSegmentType();
    }

    long start() {
      return segment.getSegmentStartMs() == null ? Long.MIN_VALUE : segment.getSegmentStartMs();
    }

    long end() {
      return segment.getSegmentEndMs() == null ? start() : segment.getSegmentEndMs();
    }

    long durationMs() {
      Long s = segment.getSegmentStartMs();
      Long e = segment.getSegmentEndMs();
      return s == null || e == null ? 0 : Math.max(0, e - s);
    }
  }

  /** Segments of the same instant: the one that happens first in a call comes first. */
  private static int priority(String segmentType) {
    return switch (segmentType) {
      case "ivr" -> 0;
      case "dialing" -> 1;
      case "contacting" -> 2;
      case "alert" -> 3;
      case "interact" -> 4;
      case "hold" -> 5;
      case "system" -> 6;
      case "wrapup" -> 7;
      default -> 8;
    };
  }

  static final Comparator<Event> ORDER =
      Comparator.comparingLong(Event::start)
          .thenComparingInt(e -> priority(e.type()))
          .thenComparingLong(Event::end)
          .thenComparing(Event::purpose);

  /**
   * A session's segments in time order, each distinct segment once (an identical repeat within a
   * session is dropped, as when the timeline is built): by start (a segment without one first),
   * event-type priority, end, and then by the segment's whole value, so that the position of a
   * segment never depends on the record's array order. The order a segment's ordinal is counted
   * in.
   */
  public static List<Segment> orderedSegments(Session session) {
    List<Segment> ordered = new ArrayList<>(new LinkedHashSet<>(session.getSegments()));
    ordered.sort(SEGMENT_ORDER);
    return ordered;
  }

  private static final Comparator<Segment> SEGMENT_ORDER =
      Comparator.comparingLong(
              (Segment s) -> s.getSegmentStartMs() == null ? Long.MIN_VALUE : s.getSegmentStartMs())
          .thenComparingInt(s -> priority(s.getSegmentType()))
          .thenComparingLong(
              s -> s.getSegmentEndMs() == null ? Long.MAX_VALUE : s.getSegmentEndMs())
          .thenComparing(Segment::toString);

  /** Every segment of the conversation, duplicates within a session removed, in time order. */
  static List<Event> events(Conversation conversation) {
    List<Event> events = new ArrayList<>();
    for (Participant participant : conversation.getParticipants()) {
      for (Session session : participant.getSessions()) {
        for (Segment segment : new LinkedHashSet<>(session.getSegments())) {
          events.add(new Event(participant, session, segment));
        }
      }
    }
    events.sort(ORDER);
    return events;
  }

  /**
   * The timeline with every spec rule applied: holds classified ({@link HoldClassifier}) and, when
   * the spec has business hours, queue waits in business time ({@link ApplyBusinessHours}). The
   * plain-Java equivalent of BuildTimelines -> ClassifyHolds -> ApplyBusinessHours.
   */
  public static InteractionTimeline build(Conversation conversation, KpiSpec spec) {
    InteractionTimeline timeline = HoldClassifier.classify(buildUnclassified(conversation), spec);
    BusinessCalendar calendar = spec.businessCalendar();
    return calendar == null ? timeline : ApplyBusinessHours.apply(timeline, calendar);
  }

  /**
   * The timeline as the record states it, before any spec rule: every handler hold counted as
   * customer hold (system hold holds only system segments) until classified.
   */
  public static InteractionTimeline buildUnclassified(Conversation conversation) {
    List<Event> events = events(conversation);
    List<HoldSpan> holds = new ArrayList<>();
    List<long[]> queueSpans = new ArrayList<>();
    Set<Session> transferringSessions = Collections.newSetFromMap(new IdentityHashMap<>());
    long queueWait = 0;
    long talk = 0;
    long customerHold = 0;
    long systemHold = 0;
    long agentHold = 0;
    long wrapUp = 0;
    long dialing = 0;
    String queueId = null;
    String entryQueueId = null;
    String agentId = null;
    String wrapUpCode = null;
    long wrapUpCodeEnd = Long.MIN_VALUE;
    String lastAcdDisconnect = null;
    boolean offered = false;
    boolean answered = false;
    TreeSet<String> skills = new TreeSet<>();
    for (Event event : events) {
      Segment segment = event.segment();
      String purpose = event.purpose();
      String type = event.type();
      boolean handler = isHandler(event.participant());
      if (purpose.equals("acd")) {
        offered = true;
        if (segment.getQueueId() != null) {
          entryQueueId = entryQueueId == null ? segment.getQueueId() : entryQueueId;
          queueId = segment.getQueueId();
        }
        skills.addAll(segment.getRequestedRoutingSkillIds());
        lastAcdDisconnect = segment.getDisconnectType();
        if (type.equals("interact")) {
          queueWait += event.durationMs();
          if (event.durationMs() > 0) {
            queueSpans.add(new long[] {event.start(), event.end()});
          }
        }
      }
      if (handler) {
        switch (type) {
          case "interact" -> {
            talk += event.durationMs();
            answered = true;
            agentId = event.participant().getUserId();
          }
          case "hold" -> {
            agentHold += event.durationMs();
            customerHold += event.durationMs();
            holds.add(
                HoldSpan.of(
                    event.session().getMediaType(), segment.getConference(), event.durationMs()));
          }
          case "wrapup" -> {
            wrapUp += event.durationMs();
            if (segment.getWrapUpCode() != null && event.end() >= wrapUpCodeEnd) {
              wrapUpCode = segment.getWrapUpCode();
              wrapUpCodeEnd = event.end();
            }
          }
          case "dialing", "contacting" -> dialing += event.durationMs();
          default -> {}
        }
        if (isTransfer(segment.getDisconnectType())) {
          transferringSessions.add(event.session());
        }
      }
      if (type.equals("system") && (handler || purpose.equals("acd") || purpose.equals("ivr"))) {
        systemHold += event.durationMs();
      }
    }
    boolean abandoned =
        offered && !answered && ("peer".equals(lastAcdDisconnect)
            || "client".equals(lastAcdDisconnect));
    GenesysMetrics genesys = GenesysMetrics.of(conversation);
    return InteractionTimeline.builder()
        .setConversationId(conversation.getConversationId())
        .setConversationStartMs(conversation.getConversationStartMs())
        .setConversationEndMs(conversation.getConversationEndMs())
        .setStatus(
            conversation.getConversationEndMs() == null
                ? InteractionTimeline.OPEN
                : InteractionTimeline.CLOSED)
        .setMediaType(mediaType(conversation))
        .setOriginatingDirection(conversation.getOriginatingDirection())
        .setQueueId(queueId)
        .setEntryQueueId(entryQueueId)
        .setQueueName(null)
        .setSkillIds(List.copyOf(skills))
        .setAgentId(agentId)
        .setCustomerKey(customerKey(conversation))
        .setQueueWaitMs(queueWait)
        .setAgentTalkMs(talk)
        .setCustomerHoldMs(customerHold)
        .setSystemHoldMs(systemHold)
        .setAgentHoldMs(agentHold)
        .setWrapUpMs(wrapUp)
        .setDialingContactingMs(dialing)
        .setWrapUpCode(wrapUpCode)
        .setWrapUpCodeName(null)
        .setTransfers(transferringSessions.size())
        .setOffered(offered)
        .setAnswered(answered)
        .setAbandoned(abandoned)
        .setGenesysQueueWaitMs(genesys.queueWaitMs())
        .setGenesysTalkMs(genesys.talkMs())
        .setGenesysHoldMs(genesys.holdMs())
        .setGenesysWrapUpMs(genesys.wrapUpMs())
        .setGenesysHandleMs(genesys.handleMs())
        .setGenesysTransfers(genesys.transfers())
        .setHolds(holds.stream().sorted(HoldSpan.ORDER).toList())
        .setQueueWaitSpansMs(flatten(queueSpans))
        .setOfferedQueueLegs(offeredQueueLegs(events))
        .setExcludedReason(null)
        .build();
  }

  /**
   * Each queue leg the conversation was offered on, as {@code queueId@mediaType@epochMs}, in time
   * order: one per acd session and queue, at the emit date of the session's nOffered where the
   * record carries it, else at the start of the leg's first acd segment (where Genesys emits it).
   * A consult transfer to a second queue is so offered in both, as in Genesys' nOffered.
   */
  private static List<String> offeredQueueLegs(List<Event> events) {
    List<String> legs = new ArrayList<>();
    Map<Session, Set<String>> seen = new IdentityHashMap<>();
    for (Event event : events) {
      String queue = event.segment().getQueueId();
      if (event.purpose().equals("acd") && queue != null
          && seen.computeIfAbsent(event.session(), s -> new HashSet<>()).add(queue)) {
        long offeredAt = event.start();
        for (SessionMetric metric : event.session().getMetrics()) {
          if (metric.getName().equals("nOffered") && metric.getEmitDateMs() != null
              && seen.get(event.session()).size() == 1) {
            offeredAt = metric.getEmitDateMs();
          }
        }
        legs.add(queue + QUEUE_LEG_SEPARATOR + event.session().getMediaType()
            + QUEUE_LEG_SEPARATOR + offeredAt);
      }
    }
    return legs;
  }

  /** Separates queue id, media type and the epoch ms of the offer in an offered queue leg. */
  public static final char QUEUE_LEG_SEPARATOR = '@';

  /** Handlers: purpose agent (routed by ACD) or user (an agent outside routing). */
  static boolean isHandler(Participant participant) {
    return HANDLERS.contains(participant.getPurpose());
  }

  static final Set<String> HANDLERS = Set.of("agent", "user");

  private static List<Long> flatten(List<long[]> spans) {
    spans.sort(java.util.Comparator.<long[]>comparingLong(span -> span[0])
        .thenComparingLong(span -> span[1]));
    List<Long> flat = new ArrayList<>(spans.size() * 2);
    for (long[] span : spans) {
      flat.add(span[0]);
      flat.add(span[1]);
    }
    return flat;
  }

  /** The caller: purpose customer, or external (inbound callers and outbound far ends alike). */
  static boolean isCustomer(Participant participant) {
    return participant.getPurpose().equals("customer")
        || participant.getPurpose().equals("external");
  }

  /** The customer's (else the first) session's media type: the conversation's media. */
  public static String mediaType(Conversation conversation) {
    String first = null;
    for (Participant participant : conversation.getParticipants()) {
      for (Session session : participant.getSessions()) {
        if (isCustomer(participant)) {
          return session.getMediaType();
        }
        first = first == null ? session.getMediaType() : first;
      }
    }
    return first == null ? "unknown" : first;
  }

  private static String customerKey(Conversation conversation) {
    for (Participant participant : conversation.getParticipants()) {
      if (isCustomer(participant)) {
        for (Session session : participant.getSessions()) {
          if (session.getAni() != null) {
            return session.getAni();
          }
        }
        if (participant.getExternalContactId() != null) {
          return participant.getExternalContactId();
        }
      }
    }
    return null;
  }
}
