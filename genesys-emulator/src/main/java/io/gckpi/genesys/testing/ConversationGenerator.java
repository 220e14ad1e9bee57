package io.gckpi.genesys.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.MalformedConversationException;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.model.SessionMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Lays out one conversation segment by segment and, at the same time, records what each segment
 * means for the timeline: handlers are agent and user participants, callers customer or
 * external, transfers count once per handler session, handle time is talk + hold + wrap-up +
 * dialing + contacting per handler session. The truth is therefore the plan, not a re-reading of
 * the JSON: a consumer that gets a number wrong disagrees with it. Every session also carries the
 * metrics Genesys would emit for it, with their emit dates.
 */
final class ConversationGenerator {
  static final Set<String> TRANSFER_DISCONNECTS =
      Set.of("transfer", "consultTransfer", "forwardTransfer", "conferenceTransfer");

  /** One generated conversation: its final JSON, its first-fetch JSON if that differs, truth. */
  record Generated(
      GroundTruth truth, Conversation model, String json, @Nullable String firstFetchJson) {}

  private final SyntheticOrg org;
  private final EmulatorConfig config;

  ConversationGenerator(SyntheticOrg org, EmulatorConfig config) {
    this.org = org;
    this.config = config;
  }

  /**
   * Scenario weights: each entry is one share in {@link #SCENARIOS}; most conversations stay simple
   * inbound calls. "internal" is the last entry and is drawn only by its own 1 % roll.
   */
  private static final String[] SCENARIOS = {
    "simple", "simple", "simple", "simple", "simple", "simple", "simple", "simple", "simple",
    "customer-hold", "customer-hold", "customer-hold", "conference-hold", "digital-hold",
    "digital-hold", "blind-transfer", "consult-transfer", "abandon", "abandon", "short-talk",
    "bot-only", "outbound", "outbound", "direct", "direct", "consult-queue", "agent-returns",
    "no-answer-wrapup", "voicemail", "callback", "internal"
  };

  Generated generate(Random r, long startMs, boolean crossMidnight) {
    double roll = r.nextDouble();
    String scenario;
    String malformed = null;
    boolean closesLate = false;
    if (crossMidnight) {
      scenario = "cross-midnight";
    } else if (roll < config.openShare()) {
      scenario = "open";
    } else if (roll < config.openShare() + config.malformedShare()) {
      String[] kinds = {
        "malformed-wrapup-before-talk", "malformed-segment-end-before-start",
        "malformed-bad-timestamp", "malformed-missing-id"
      };
      scenario = kinds[r.nextInt(kinds.length)];
      malformed =
          switch (scenario) {
            case "malformed-wrapup-before-talk" -> "WRAPUP_BEFORE_INTERACT";
            case "malformed-segment-end-before-start" -> "SEGMENT_ENDS_BEFORE_START";
            case "malformed-bad-timestamp" -> MalformedConversationException.BAD_TIMESTAMP;
            default -> MalformedConversationException.MISSING_CONVERSATION_ID;
          };
    } else {
      closesLate = roll < config.openShare() + config.malformedShare() + config.closesLateShare();
      scenario = SCENARIOS[r.nextInt(SCENARIOS.length - 1)];
      if (r.nextDouble() < 0.01) {
        scenario = "internal";
      }
    }
    Plan p = new Plan(r, SyntheticOrg.uuid(r), startMs, scenario);
    p.run();
    boolean withMetrics = r.nextDouble() >= config.withoutMetricsShare();
    GroundTruth truth = p.truth(closesLate, malformed, withMetrics);
    Conversation model = p.model();
    ObjectNode json = ConversationJson.toJson(model);
    if (!withMetrics) {
      stripMetrics(json);
    }
    if (r.nextDouble() < config.shuffleShare()) {
      shuffleSegments(json, r);
    }
    if (r.nextDouble() < config.unknownFieldShare()) {
      addUnknowns(json);
    }
    if (malformed != null) {
      breakRecord(json, scenario);
    }
    String first = null;
    if (closesLate && model.getConversationEndMs() != null) {
      // Seen mid-call, after routing offered it: the first fetch then agrees with the aggregates
      // API on offers, and differs from the final record in everything that came later.
      long cut =
          Math.max(startMs + (model.getConversationEndMs() - startMs) / 2, lastOfferMs(model));
      first = openVersion(json.deepCopy(), cut).toString();
    }
    return new Generated(truth, model, json.toString(), first);
  }

  private static long lastOfferMs(Conversation model) {
    long last = Long.MIN_VALUE;
    for (Participant participant : model.getParticipants()) {
      for (Session session : participant.getSessions()) {
        for (SessionMetric metric : session.getMetrics()) {
          if (metric.getName().equals("nOffered") && metric.getEmitDateMs() != null) {
            last = Math.max(last, metric.getEmitDateMs());
          }
        }
      }
    }
    return last;
  }

  /**
   * The conversation as Genesys showed it at {@code cutMs}, before it ended: later segments gone,
   * running ones without an end, and only the metrics emitted by then.
   */
  static ObjectNode openVersion(ObjectNode json, long cutMs) {
    json.remove("conversationEnd");
    for (JsonNode participant : json.withArray("participants")) {
      for (JsonNode session : participant.withArray("sessions")) {
        ArrayNode segments = (ArrayNode) session.get("segments");
        for (int i = segments.size() - 1; i >= 0; i--) {
          ObjectNode seg = (ObjectNode) segments.get(i);
          long start = java.time.Instant.parse(seg.path("segmentStart").asText()).toEpochMilli();
          if (start > cutMs) {
            segments.remove(i);
          } else if (seg.has("segmentEnd")
              && java.time.Instant.parse(seg.get("segmentEnd").asText()).toEpochMilli() > cutMs) {
            seg.remove("segmentEnd");
            seg.remove("disconnectType");
          }
        }
        ArrayNode metrics = (ArrayNode) session.get("metrics");
        if (metrics != null) {
          for (int i = metrics.size() - 1; i >= 0; i--) {
            String emit = metrics.get(i).path("emitDate").asText();
            if (emit.isEmpty() || java.time.Instant.parse(emit).toEpochMilli() > cutMs) {
              metrics.remove(i);
            }
          }
        }
      }
    }
    return json;
  }

  /** Older records carry no session metrics; the aggregates API still counts them. */
  private static void stripMetrics(ObjectNode json) {
    for (JsonNode participant : json.withArray("participants")) {
      for (JsonNode session : participant.withArray("sessions")) {
        ((ObjectNode) session).remove("metrics");
      }
    }
  }

  private static void shuffleSegments(ObjectNode json, Random r) {
    for (JsonNode participant : json.withArray("participants")) {
      for (JsonNode session : participant.withArray("sessions")) {
        ArrayNode segments = (ArrayNode) session.get("segments");
        List<JsonNode> list = new ArrayList<>();
        segments.forEach(list::add);
        Collections.shuffle(list, r);
        segments.removeAll();
        segments.addAll(list);
      }
    }
  }

  private static void addUnknowns(ObjectNode json) {
    json.put("mediaStatsMinConversationMos", 4.38);
    json.putArray("knowledgeBaseIds").add("kb-0001");
    ObjectNode customer = (ObjectNode) json.withArray("participants").get(0);
    customer.put("flaggedReason", "general");
    ObjectNode session = (ObjectNode) customer.withArray("sessions").get(0);
    session.put("provider", "Edge");
    ObjectNode seg = (ObjectNode) session.withArray("segments").get(0);
    seg.put("segmentType", "screenRecording");
    seg.put("audioMuted", false);
  }

  private static void breakRecord(ObjectNode json, String scenario) {
    switch (scenario) {
      case "malformed-bad-timestamp" -> {
        String good = json.get("conversationStart").asText();
        // 2024-01-15T... -> 2024-01-5T... : one digit short in the day, as seen in the wild.
        json.put("conversationStart", good.substring(0, 8) + good.substring(9));
      }
      case "malformed-missing-id" -> json.remove("conversationId");
      case "malformed-segment-end-before-start" -> {
        for (JsonNode participant : json.withArray("participants")) {
          if (participant.path("purpose").asText().equals("acd")) {
            for (JsonNode seg : participant.get("sessions").get(0).get("segments")) {
              if (seg.has("segmentEnd")) {
                ObjectNode s = (ObjectNode) seg;
                String start = s.get("segmentStart").asText();
                s.put("segmentStart", s.get("segmentEnd").asText());
                s.put("segmentEnd", start);
                return;
              }
            }
          }
        }
      }
      default -> {
        // wrap-up before talk is laid out by the plan itself.
      }
    }
  }

  /** Mutable plan of one conversation, and the truth it implies. */
  private final class Plan {
    final Random r;
    final String id;
    final long start;
    final String scenario;
    final List<Participant> participants = new ArrayList<>();
    /** Where each handler's participant sits, for an agent who comes back in a later session. */
    final Map<String, Integer> handlerAt = new HashMap<>();
    String media = "voice";
    /** Media of the handler sessions; differs from the caller's when a call becomes a callback. */
    String handlerMedia = "voice";
    String direction = "inbound";
    boolean externalCaller;
    /** End of the caller's first session when the call continues as a callback. */
    @Nullable Long callerVoiceEnd;
    boolean joinSessions;
    @Nullable Long end;
    @Nullable String queueId;
    @Nullable String entryQueueId;
    final TreeSet<String> skills = new TreeSet<>();
    @Nullable String agentId;
    boolean answered;
    @Nullable String lastAcdDisconnect;
    boolean hasAcd;
    long queueWait;
    long talk;
    long customerHold;
    long systemHold;
    long agentHold;
    long wrapUp;
    long dialing;
    int transfers;
    int handlerSessions;
    @Nullable String wrapUpCode;
    long wrapUpCodeEnd = Long.MIN_VALUE;
    long lastEnd = Long.MIN_VALUE;
    @Nullable String customerKey;
    String customerPhone;

    Plan(Random r, String id, long start, String scenario) {
      this.r = r;
      this.id = id;
      this.start = start;
      this.scenario = scenario;
      this.customerPhone = String.format("tel:+1555%07d", r.nextInt(10_000_000));
    }

    long dur(long minMs, long maxMs) {
      return minMs + (long) (r.nextDouble() * (maxMs - minMs));
    }

    ReferenceEntity pick(List<ReferenceEntity> list) {
      return list.get(r.nextInt(list.size()));
    }

    /** Another entity than {@code not}: a transfer or consult goes to someone else. */
    ReferenceEntity pickOther(List<ReferenceEntity> list, ReferenceEntity not) {
      ReferenceEntity e = pick(list);
      return e.equals(not) ? list.get((list.indexOf(e) + 1) % list.size()) : e;
    }

    String endedBy() {
      return r.nextBoolean() ? "client" : "peer";
    }

    void run() {
      long t = start;
      switch (scenario) {
        case "digital-hold" -> media = pickDigital();
        case "outbound" -> direction = "outbound";
        // Consult transfers, callbacks and voicemail are voice features; direct calls are phone.
        case "consult-transfer", "consult-queue", "callback", "voicemail", "direct",
            "no-answer-wrapup" -> media = "voice";
        default -> {
          int m = r.nextInt(10);
          media = m < 6 ? "voice" : m < 7 ? "callback" : pickDigital();
        }
      }
      handlerMedia = media;
      boolean voiceLike = voiceLike(media);
      externalCaller = direction.equals("outbound") || (isPhone() && r.nextInt(4) == 0);
      ReferenceEntity queue =
          scenario.equals("internal") ? pick(org.internalQueues) : pick(org.customerQueues);
      ReferenceEntity agent = pick(org.users);
      switch (scenario) {
        case "bot-only" -> t = ivr(t, dur(20_000, 180_000), "client");
        case "outbound" ->
            t = handler(t, agent, "user", null, new String[] {"dialing", "contacting", "interact"},
                "client", true);
        case "direct" -> {
          String[] pieces =
              r.nextInt(4) == 0
                  ? new String[] {"alert", "interact", "hold", "interact"}
                  : new String[] {"alert", "interact"};
          t = handler(t, agent, "user", null, pieces, endedBy(), r.nextBoolean());
        }
        case "abandon" -> {
          if (voiceLike) {
            t = ivr(t, dur(5_000, 60_000), "transfer");
          }
          t = acd(t, queue, dur(3_000, 400_000), endedBy());
        }
        case "open" -> t = acdOpen(t, queue);
        case "blind-transfer" -> {
          t = acd(t, queue, dur(1_000, 200_000), "transfer");
          t = handler(t, agent, "agent", queue.id(), new String[] {"alert", "interact"}, "transfer",
              true);
          ReferenceEntity queue2 = pickOther(org.customerQueues, queue);
          t = acd(t, queue2, dur(1_000, 100_000), "transfer");
          t = handler(t, pickOther(org.users, agent), "agent", queue2.id(),
              new String[] {"alert", "interact"}, endedBy(), true);
        }
        case "agent-returns" -> {
          // Blind transfer to a second queue, which routes the call back to the same agent: one
          // participant with two sessions, one transfer.
          joinSessions = true;
          t = acd(t, queue, dur(1_000, 200_000), "transfer");
          t = handler(t, agent, "agent", queue.id(), new String[] {"alert", "interact"}, "transfer",
              true);
          ReferenceEntity queue2 = pickOther(org.customerQueues, queue);
          t = acd(t, queue2, dur(130_000, 300_000), "transfer");
          t = handler(t, agent, "agent", queue2.id(), new String[] {"alert", "interact"},
              endedBy(), true);
        }
        case "consult-transfer" -> {
          // The agent holds the caller, consults a colleague outside routing (a user), and
          // completes the transfer; the colleague's interact spans the consult and the call.
          Consult c = consult(t, queue, agent, 20_000, 180_000);
          long hold = c.done() - c.holdStart();
          long done = c.done();
          long alertStart = c.holdStart() + dur(200, hold / 4);
          long alert = dur(500, hold / 4);
          long talkMs = done - alertStart - alert + dur(20_000, 900_000);
          t = handler(alertStart, pickOther(org.users, agent), "user", null,
              new String[] {"alert", "interact"}, endedBy(), true, alert, talkMs);
        }
        case "consult-queue" -> {
          // A consult to a second queue: the conversation is offered twice, and the agent who
          // answers there takes the call over.
          Consult c = consult(t, queue, agent, 30_000, 240_000);
          long hold = c.done() - c.holdStart();
          long done = c.done();
          long holdStart = c.holdStart();
          ReferenceEntity queue2 = pickOther(org.customerQueues, queue);
          long routed = acd(holdStart + dur(200, hold / 8), queue2, dur(1_000, hold / 3),
              "transfer");
          long alert = dur(500, hold / 4);
          long talkMs = done - routed - alert + dur(20_000, 600_000);
          t = handler(routed, pickOther(org.users, agent), "agent", queue2.id(),
              new String[] {"alert", "interact"}, endedBy(), true, alert, talkMs);
        }
        case "no-answer-wrapup" -> {
          // The first agent rings out while the call waits, still wraps up; a second answers.
          long wait = dur(20_000, 300_000);
          long routed = acd(t, queue, wait, "transfer");
          long ringStart = routed - wait + dur(0, wait / 3);
          handler(ringStart, agent, "agent", queue.id(), new String[] {"alert"}, "timeout", true,
              dur(5_000, wait / 2));
          t = handler(routed, pickOther(org.users, agent), "agent", queue.id(),
              new String[] {"alert", "interact"}, endedBy(), true);
        }
        case "voicemail" -> {
          t = ivr(t, dur(5_000, 60_000), "transfer");
          t = acd(t, queue, dur(5_000, 300_000), "transfer");
          t = voicemail(t, dur(8_000, 120_000));
        }
        case "callback" -> {
          // The caller asks for a callback and hangs up; the callback waits in the same queue,
          // is offered there as media callback, and an agent answers it.
          if (r.nextBoolean()) {
            t = ivr(t, dur(5_000, 60_000), "transfer");
          }
          Session voiceLeg = acdSession(t, queue, dur(10_000, 300_000), "transfer", "voice");
          callerVoiceEnd = end(voiceLeg);
          Session callbackLeg =
              acdSession(callerVoiceEnd, queue, dur(60_000, 1_800_000), "transfer", "callback");
          participants.add(acdParticipant(queue, List.of(voiceLeg, callbackLeg)));
          handlerMedia = "callback";
          String[] pieces =
              r.nextInt(3) == 0
                  ? new String[] {"alert", "interact", "hold", "interact"}
                  : new String[] {"alert", "interact"};
          t = handler(end(callbackLeg), agent, "agent", queue.id(), pieces, endedBy(), true);
        }
        default -> {
          if (voiceLike && r.nextBoolean()) {
            t = ivr(t, dur(5_000, 90_000), "transfer");
          }
          // Cross-midnight conversations start in the last minute of the day and wait >= 1 min.
          long wait = scenario.equals("cross-midnight") ? dur(60_000, 300_000) : dur(500, 300_000);
          t = acd(t, queue, wait, "transfer");
          String[] pieces =
              switch (scenario) {
                case "customer-hold", "conference-hold", "digital-hold" ->
                    new String[] {"alert", "interact", "hold", "interact"};
                default -> new String[] {"alert", "interact"};
              };
          t = handler(t, agent, "agent", queue.id(), pieces, endedBy(), true);
        }
      }
      if (!scenario.equals("open")) {
        end = Math.max(t, lastEnd);
      }
      participants.add(0, caller(t));
    }

    /** When the agent put the caller on hold to consult, and when the transfer completed. */
    record Consult(long holdStart, long done) {}

    /**
     * A routed call the agent answers and then holds for a consult of {@code minHold} to
     * {@code maxHold}, ending the session with consultTransfer.
     */
    Consult consult(long t, ReferenceEntity queue, ReferenceEntity agent, long minHold,
        long maxHold) {
      t = acd(t, queue, dur(1_000, 200_000), "transfer");
      long hold = dur(minHold, maxHold);
      long done = handler(t, agent, "agent", queue.id(),
          new String[] {"alert", "interact", "hold"}, "consultTransfer", true, -1, -1, hold);
      return new Consult(done - hold, done);
    }

    String pickDigital() {
      String[] digital = {"chat", "email", "message"};
      return digital[r.nextInt(digital.length)];
    }

    boolean isPhone() {
      return !media.equals("chat") && !media.equals("email");
    }

    boolean voiceLike(String mediaType) {
      return mediaType.equals("voice") || mediaType.equals("callback");
    }

    long end(Session s) {
      Segment last = s.getSegments().get(s.getSegments().size() - 1);
      return last.getSegmentEndMs() == null ? last.getSegmentStartMs() : last.getSegmentEndMs();
    }

    /**
     * The caller: purpose customer, or external (the far end of an outbound call, and often an
     * inbound caller too); the first session carries the conversation's media.
     */
    Participant caller(long endMs) {
      boolean phone = isPhone();
      String external = phone ? null : SyntheticOrg.uuid(r);
      customerKey = phone ? customerPhone : external;
      long firstEnd = callerVoiceEnd != null ? callerVoiceEnd : endMs;
      List<Session> sessions = new ArrayList<>();
      sessions.add(callerSession(start, firstEnd, media, phone));
      if (callerVoiceEnd != null) {
        sessions.add(callerSession(callerVoiceEnd, endMs, "callback", phone));
      }
      return Participant.builder()
          .setParticipantId(SyntheticOrg.uuid(r))
          .setParticipantName(phone ? "Customer" : "Web Visitor")
          .setPurpose(externalCaller ? "external" : "customer")
          .setExternalContactId(external)
          .setSessions(List.copyOf(sessions))
          .build();
    }

    Session callerSession(long from, long to, String mediaType, boolean phone) {
      Segment.Builder seg = Segment.builder().setSegmentStartMs(from).setSegmentType("interact");
      if (end != null) {
        seg.setSegmentEndMs(to).setDisconnectType("client");
      }
      return Session.builder()
          .setSessionId(SyntheticOrg.uuid(r))
          .setMediaType(mediaType)
          .setDirection(direction)
          .setAni(phone ? customerPhone : null)
          .setDnis(phone ? "tel:+18005550100" : null)
          .setSegments(List.of(seg.build()))
          .build();
    }

    long ivr(long t, long d, String disconnect) {
      String participantId = SyntheticOrg.uuid(r);
      String purpose = scenario.equals("bot-only") && r.nextBoolean() ? "workflow" : "ivr";
      return oneSegmentLeg(participantId, "Main IVR", purpose, t, d, "ivr", disconnect, List.of());
    }

    /** An ACD voicemail box taking the message: no handler, so neither answered nor abandoned. */
    long voicemail(long t, long d) {
      return oneSegmentLeg(SyntheticOrg.uuid(r), "Voicemail", "voicemail", t, d, "interact",
          "client", List.of(SessionMetric.of("tVoicemail", d, t + d)));
    }

    /** A participant of one session of one segment, from {@code t} for {@code d}. */
    long oneSegmentLeg(
        String participantId,
        String name,
        String purpose,
        long t,
        long d,
        String segmentType,
        String disconnect,
        List<SessionMetric> metrics) {
      long e = t + d;
      Segment seg =
          Segment.builder()
              .setSegmentStartMs(t)
              .setSegmentEndMs(e)
              .setSegmentType(segmentType)
              .setDisconnectType(disconnect)
              .build();
      participants.add(
          Participant.builder()
              .setParticipantId(participantId)
              .setParticipantName(name)
              .setPurpose(purpose)
              .setSessions(List.of(session(media, List.of(seg), metrics, null)))
              .build());
      return e;
    }

    Session session(
        String mediaType, List<Segment> segs, List<SessionMetric> metrics, @Nullable String routing) {
      return Session.builder()
          .setSessionId(SyntheticOrg.uuid(r))
          .setMediaType(mediaType)
          .setDirection(direction)
          .setRequestedRoutings(routing == null ? List.of() : List.of(routing))
          .setMetrics(metrics)
          .setSegments(segs)
          .build();
    }

    List<String> skillsFor() {
      if (r.nextInt(3) == 0) {
        return List.of();
      }
      TreeSet<String> s = new TreeSet<>();
      int n = 1 + r.nextInt(2);
      for (int i = 0; i < n; i++) {
        s.add(pick(org.skills).id());
      }
      return List.copyOf(s);
    }

    /** An acd participant of one session; returns when the queue handed the call on or lost it. */
    long acd(long t, ReferenceEntity queue, long wait, String disconnect) {
      Session s = acdSession(t, queue, wait, disconnect, media);
      participants.add(acdParticipant(queue, List.of(s)));
      return end(s);
    }

    /**
     * One offer to a queue: sometimes a short routing {@code delay} and a {@code system} segment
     * first (neither is queue wait), then the interact that is the wait (tAcd). nOffered is
     * emitted when the queue is entered, tAcd and tAbandon when the wait ends.
     */
    Session acdSession(
        long t, ReferenceEntity queue, long wait, String disconnect, String mediaType) {
      List<Segment> segs = new ArrayList<>();
      List<SessionMetric> metrics = new ArrayList<>();
      List<String> sk = skillsFor();
      metrics.add(SessionMetric.of("nOffered", 1, t));
      if (r.nextInt(4) == 0) {
        long hop = dur(20, 1_500);
        segs.add(seg(t, t + hop, "delay", queue.id(), null, null, false, sk));
        t += hop;
      }
      if (r.nextInt(5) == 0) {
        long sys = dur(5, 400);
        segs.add(seg(t, t + sys, "system", queue.id(), null, null, false, sk));
        systemHold += sys;
        t += sys;
      }
      long e = t + wait;
      segs.add(seg(t, e, "interact", queue.id(), null, disconnect, false, sk));
      queueWait += wait;
      metrics.add(SessionMetric.of("tAcd", wait, e));
      if (!disconnect.equals("transfer")) {
        metrics.add(SessionMetric.of("tAbandon", wait, e));
      }
      noteAcd(queue, sk, disconnect);
      return session(mediaType, segs, metrics, "Standard");
    }

    long acdOpen(long t, ReferenceEntity queue) {
      List<String> sk = skillsFor();
      Segment seg =
          Segment.builder()
              .setSegmentStartMs(t)
              .setSegmentType("interact")
              .setQueueId(queue.id())
              .setRequestedRoutingSkillIds(sk)
              .build();
      noteAcd(queue, sk, null);
      participants.add(
          acdParticipant(
              queue,
              List.of(
                  session(media, List.of(seg), List.of(SessionMetric.of("nOffered", 1, t)),
                      "Standard"))));
      return t;
    }

    void noteAcd(ReferenceEntity queue, List<String> sk, @Nullable String disconnect) {
      hasAcd = true;
      if (entryQueueId == null) {
        entryQueueId = queue.id();
      }
      queueId = queue.id();
      skills.addAll(sk);
      lastAcdDisconnect = disconnect;
    }

    Participant acdParticipant(ReferenceEntity queue, List<Session> sessions) {
      return Participant.builder()
          .setParticipantId(SyntheticOrg.uuid(r))
          .setParticipantName(queue.name())
          .setPurpose("acd")
          .setSessions(sessions)
          .build();
    }

    long pieceDuration(String type) {
      return switch (type) {
        case "alert" -> dur(800, 25_000);
        case "dialing" -> dur(300, 4_000);
        case "contacting" -> dur(2_000, 30_000);
        case "hold" -> dur(5_000, 180_000);
        default -> scenario.equals("short-talk") ? dur(200, 2_999) : dur(20_000, 900_000);
      };
    }

    /**
     * One handler session (purpose agent when routed to them, user otherwise) of the given
     * pieces, the last ending with {@code disconnect}, then an optional wrap-up; {@code durations}
     * fixes the first pieces' lengths where not negative. Emits the session metrics Genesys
     * would: tAlert or tNotResponding, tAnswered (routed sessions only), tTalk and tHeld per
     * segment, tTalkComplete, tHeldComplete, tDialing, tContacting and nTransferred when the
     * caller leaves the session, tAcw and tHandle (talk + hold + wrap-up + dialing +
     * contacting) when its wrap-up ends. Returns when the caller left it.
     */
    long handler(
        long t,
        ReferenceEntity who,
        String purpose,
        @Nullable String queue,
        String[] pieces,
        String disconnect,
        boolean wrap,
        long... durations) {
      List<Segment> segs = new ArrayList<>();
      List<SessionMetric> metrics = new ArrayList<>();
      boolean voiceLike = voiceLike(handlerMedia);
      boolean conference = scenario.equals("conference-hold");
      long legTalk = 0;
      long legHeld = 0;
      long legDial = 0;
      long legAlert = 0;
      long firstInteract = -1;
      for (int i = 0; i < pieces.length; i++) {
        String type = pieces[i];
        long d = i < durations.length && durations[i] >= 0 ? durations[i] : pieceDuration(type);
        long e = t + d;
        boolean last = i == pieces.length - 1;
        boolean conf = type.equals("hold") && conference;
        segs.add(seg(t, e, type, queue, null, last ? disconnect : null, conf, List.of()));
        switch (type) {
          case "interact" -> {
            metrics.add(SessionMetric.of("tTalk", d, e));
            if (firstInteract < 0) {
              firstInteract = t;
              if (queue != null) {
                metrics.add(
                    SessionMetric.of("tAnswered", t - segs.get(0).getSegmentStartMs(), t));
              }
            }
            legTalk += d;
          }
          case "hold" -> {
            metrics.add(SessionMetric.of("tHeld", d, e));
            legHeld += d;
            if (voiceLike && !conf) {
              customerHold += d;
            } else {
              systemHold += d;
            }
          }
          case "alert" -> legAlert += d;
          case "dialing", "contacting" -> {
            String name = type.equals("dialing") ? "tDialing" : "tContacting";
            metrics.add(SessionMetric.of(name, d, e));
            legDial += d;
          }
          default -> {}
        }
        t = e;
      }
      long legEnd = t;
      if (legAlert > 0) {
        metrics.add(SessionMetric.of(firstInteract >= 0 ? "tAlert" : "tNotResponding", legAlert,
            firstInteract >= 0 ? firstInteract : legEnd));
      }
      if (firstInteract >= 0) {
        answered = true;
        agentId = who.id();
      }
      talk += legTalk;
      agentHold += legHeld;
      dialing += legDial;
      if (legTalk > 0) {
        metrics.add(SessionMetric.of("tTalkComplete", legTalk, legEnd));
      }
      if (legHeld > 0) {
        metrics.add(SessionMetric.of("tHeldComplete", legHeld, legEnd));
      }
      boolean transferred = TRANSFER_DISCONNECTS.contains(disconnect);
      if (transferred) {
        transfers++;
        metrics.add(SessionMetric.of("nTransferred", 1, legEnd));
      }
      long acw = 0;
      if (wrap) {
        acw = scenario.equals("short-talk") && r.nextBoolean() ? dur(1, 999) : dur(1_000, 120_000);
        List<ReferenceEntity> codes = r.nextInt(3) == 0 ? org.wrapUpCodes : org.resolvingCodes;
        String code = pick(codes).id();
        long ws = legEnd;
        if (scenario.equals("malformed-wrapup-before-talk")) {
          ws = segs.get(0).getSegmentStartMs();
        }
        long we = ws + acw;
        // Genesys repeats a transfer's disconnectType on the wrap-up that follows it.
        String wrapDisconnect = transferred && r.nextInt(10) < 7 ? disconnect : "endpoint";
        segs.add(seg(ws, we, "wrapup", queue, code, wrapDisconnect, false, List.of()));
        wrapUp += acw;
        if (we > wrapUpCodeEnd) {
          wrapUpCodeEnd = we;
          wrapUpCode = code;
        }
        metrics.add(SessionMetric.of("tAcw", acw, we));
        t = Math.max(legEnd, we);
      }
      long handle = legTalk + legHeld + acw + legDial;
      if (handle > 0) {
        metrics.add(SessionMetric.of("tHandle", handle, t));
      }
      handlerSessions++;
      addHandlerSession(who, purpose, session(handlerMedia, segs, metrics,
          queue == null ? null : "Standard"));
      // The caller leaves the handler at legEnd; the wrap-up may outlast the call.
      lastEnd = Math.max(lastEnd, t);
      return legEnd;
    }

    void addHandlerSession(ReferenceEntity who, String purpose, Session session) {
      String key = purpose + "/" + who.id();
      Integer at = handlerAt.get(key);
      if (at != null && joinSessions) {
        Participant p = participants.get(at);
        List<Session> sessions = new ArrayList<>(p.getSessions());
        sessions.add(session);
        participants.set(at, p.toBuilder().setSessions(List.copyOf(sessions)).build());
        return;
      }
      handlerAt.put(key, participants.size());
      participants.add(
          Participant.builder()
              .setParticipantId(SyntheticOrg.uuid(r))
              .setParticipantName(who.name())
              .setPurpose(purpose)
              .setUserId(who.id())
              .setSessions(List.of(session))
              .build());
    }

    Segment seg(
        long s,
        long e,
        String type,
        @Nullable String queue,
        @Nullable String code,
        @Nullable String disconnect,
        boolean conference,
        List<String> skillIds) {
      return Segment.builder()
          .setSegmentStartMs(s)
          .setSegmentEndMs(e)
          .setSegmentType(type)
          .setQueueId(queue)
          .setWrapUpCode(code)
          .setDisconnectType(disconnect)
          .setConference(conference)
          .setRequestedRoutingSkillIds(skillIds)
          .build();
    }

    Conversation model() {
      return Conversation.builder()
          .setConversationId(id)
          .setConversationStartMs(start)
          .setConversationEndMs(end)
          .setOriginatingDirection(direction)
          .setDivisionIds(List.of("00000000-0000-4000-8000-000000000001"))
          .setParticipants(List.copyOf(participants))
          .build();
    }

    /** Sum of one session metric over the plan's sessions: what Genesys' own figure would be. */
    long metricSum(String name) {
      long sum = 0;
      for (Participant p : participants) {
        for (Session s : p.getSessions()) {
          for (SessionMetric m : s.getMetrics()) {
            if (m.getName().equals(name)) {
              sum += m.getValue();
            }
          }
        }
      }
      return sum;
    }

    boolean anyMetric() {
      return participants.stream()
          .flatMap(p -> p.getSessions().stream())
          .anyMatch(s -> !s.getMetrics().isEmpty());
    }

    GroundTruth truth(boolean closesLate, @Nullable String malformed, boolean served) {
      boolean withMetrics = served && anyMetric();
      return GroundTruth.builder()
          .setConversationId(id)
          .setConversationStartMs(start)
          .setConversationEndMs(end)
          .setMediaType(media)
          .setOriginatingDirection(direction)
          .setQueueId(queueId)
          .setEntryQueueId(entryQueueId)
          .setQueueName(queueId == null ? null : org.queueName(queueId))
          .setInternalQueue(queueId != null && org.isInternal(queueId))
          .setSkillIds(List.copyOf(skills))
          .setAgentId(agentId)
          .setAnswered(answered)
          .setAbandoned(
              hasAcd
                  && !answered
                  && ("peer".equals(lastAcdDisconnect) || "client".equals(lastAcdDisconnect)))
          .setQueueWaitMs(queueWait)
          .setAgentTalkMs(talk)
          .setCustomerHoldMs(customerHold)
          .setSystemHoldMs(systemHold)
          .setAgentHoldMs(agentHold)
          .setWrapUpMs(wrapUp)
          .setDialingContactingMs(dialing)
          .setTransfers(transfers)
          .setHandlerSessions(handlerSessions)
          .setWrapUpCode(wrapUpCode)
          .setCustomerKey(customerKey)
          .setCallerPurpose(externalCaller ? "external" : "customer")
          .setScenario(closesLate ? scenario + "+closes-late" : scenario)
          .setClosesLate(closesLate && end != null)
          .setExpectedMalformedReason(malformed)
          .setGenesysMetrics(withMetrics)
          .setGenesysQueueWaitMs(withMetrics ? metricSum("tAcd") : null)
          .setGenesysTalkMs(withMetrics ? metricSum("tTalkComplete") : null)
          .setGenesysHoldMs(withMetrics ? metricSum("tHeldComplete") : null)
          .setGenesysWrapUpMs(withMetrics ? metricSum("tAcw") : null)
          .setGenesysHandleMs(withMetrics ? metricSum("tHandle") : null)
          .setGenesysTransfers(withMetrics ? (int) metricSum("nTransferred") : null)
          .build();
    }
  }
}
