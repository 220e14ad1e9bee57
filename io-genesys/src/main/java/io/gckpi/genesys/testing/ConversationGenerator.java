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
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Lays out one conversation segment by segment and, at the same time, records what each segment
 * means for the timeline (DESIGN section 4). The truth is therefore the plan, not a re-reading of
 * the JSON: a consumer that gets a number wrong disagrees with it.
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

  private static final String[] SCENARIOS = {
    "simple", "simple", "simple", "simple", "simple", "customer-hold", "customer-hold",
    "conference-hold", "digital-hold", "digital-hold", "blind-transfer", "consult-transfer",
    "abandon", "abandon", "short-talk", "bot-only", "outbound", "internal"
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
    GroundTruth truth = p.truth(closesLate, malformed);
    Conversation model = p.model();
    ObjectNode json = ConversationJson.toJson(model);
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
    String media = "voice";
    String direction = "inbound";
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

    void run() {
      long t = start;
      switch (scenario) {
        case "digital-hold" -> media = pickDigital();
        case "outbound" -> direction = "outbound";
        default -> {
          int m = r.nextInt(10);
          media = m < 6 ? "voice" : m < 7 ? "callback" : pickDigital();
        }
      }
      boolean voiceLike = media.equals("voice") || media.equals("callback");
      ReferenceEntity queue =
          scenario.equals("internal") ? pick(org.internalQueues) : pick(org.customerQueues);
      ReferenceEntity agent = pick(org.users);
      switch (scenario) {
        case "bot-only" -> {
          t = ivr(t, dur(20_000, 180_000), "client");
        }
        case "outbound" -> {
          t = agentLeg(t, agent, null, new String[] {"dialing", "contacting", "interact"},
              "client", true);
        }
        case "abandon" -> {
          if (voiceLike) {
            t = ivr(t, dur(5_000, 60_000), "transfer");
          }
          t = acd(t, queue, dur(3_000, 400_000), r.nextBoolean() ? "peer" : "client");
        }
        case "open" -> {
          t = acdOpen(t, queue);
        }
        case "blind-transfer" -> {
          t = acd(t, queue, dur(1_000, 200_000), "transfer");
          t = agentLeg(t, agent, queue.id(), new String[] {"alert", "interact"}, "transfer", true);
          ReferenceEntity queue2 = pick(org.customerQueues);
          t = acd(t, queue2, dur(1_000, 100_000), "transfer");
          ReferenceEntity agent2 = pick(org.users);
          t = agentLeg(t, agent2, queue2.id(), new String[] {"alert", "interact"}, "client", true);
        }
        case "consult-transfer" -> {
          t = acd(t, queue, dur(1_000, 200_000), "transfer");
          t = agentLeg(t, agent, queue.id(), new String[] {"alert", "interact", "hold", "interact"},
              "consultTransfer", true);
          ReferenceEntity agent2 = pick(org.users);
          t = agentLeg(t, agent2, null, new String[] {"alert", "interact"}, "client", true);
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
          t = agentLeg(t, agent, queue.id(), pieces, r.nextBoolean() ? "client" : "peer", true);
        }
      }
      if (!scenario.equals("open")) {
        end = Math.max(t, lastEnd);
      }
      participants.add(0, customer(t));
    }

    String pickDigital() {
      String[] digital = {"chat", "email", "message"};
      return digital[r.nextInt(digital.length)];
    }

    Participant customer(long endMs) {
      boolean phone = !media.equals("chat") && !media.equals("email");
      String external = phone ? null : SyntheticOrg.uuid(r);
      customerKey = phone ? customerPhone : external;
      Segment.Builder seg =
          Segment.builder().setSegmentStartMs(start).setSegmentType("interact");
      if (end != null) {
        seg.setSegmentEndMs(endMs).setDisconnectType("client");
      }
      Session s =
          Session.builder()
              .setSessionId(SyntheticOrg.uuid(r))
              .setMediaType(media)
              .setDirection(direction)
              .setAni(phone ? customerPhone : null)
              .setDnis(phone ? "tel:+18005550100" : null)
              .setSegments(List.of(seg.build()))
              .build();
      return Participant.builder()
          .setParticipantId(SyntheticOrg.uuid(r))
          .setParticipantName(phone ? "Customer" : "Web Visitor")
          .setPurpose(direction.equals("outbound") ? "external" : "customer")
          .setExternalContactId(external)
          .setSessions(List.of(s))
          .build();
    }

    long ivr(long t, long d, String disconnect) {
      long e = t + d;
      Segment seg =
          Segment.builder()
              .setSegmentStartMs(t)
              .setSegmentEndMs(e)
              .setSegmentType("ivr")
              .setDisconnectType(disconnect)
              .build();
      participants.add(
          Participant.builder()
              .setParticipantId(SyntheticOrg.uuid(r))
              .setParticipantName("Main IVR")
              .setPurpose(scenario.equals("bot-only") && r.nextBoolean() ? "workflow" : "ivr")
              .setSessions(List.of(session(List.of(seg), List.of(), null)))
              .build());
      return e;
    }

    Session session(List<Segment> segs, List<SessionMetric> metrics, @Nullable String routing) {
      return Session.builder()
          .setSessionId(SyntheticOrg.uuid(r))
          .setMediaType(media)
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

    long acd(long t, ReferenceEntity queue, long wait, String disconnect) {
      List<Segment> segs = new ArrayList<>();
      List<SessionMetric> metrics = new ArrayList<>();
      List<String> sk = skillsFor();
      metrics.add(SessionMetric.of("nOffered", 1, t));
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
      participants.add(acdParticipant(queue, session(segs, metrics, "Standard")));
      return e;
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
              session(List.of(seg), List.of(SessionMetric.of("nOffered", 1, t)), "Standard")));
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

    Participant acdParticipant(ReferenceEntity queue, Session s) {
      return Participant.builder()
          .setParticipantId(SyntheticOrg.uuid(r))
          .setParticipantName(queue.name())
          .setPurpose("acd")
          .setSessions(List.of(s))
          .build();
    }

    /** An agent leg of the given pieces, then a wrap-up; returns when the customer left it. */
    long agentLeg(
        long t,
        ReferenceEntity agent,
        @Nullable String queue,
        String[] pieces,
        String disconnect,
        boolean wrap) {
      List<Segment> segs = new ArrayList<>();
      List<SessionMetric> metrics = new ArrayList<>();
      boolean voiceLike = media.equals("voice") || media.equals("callback");
      boolean conference = scenario.equals("conference-hold");
      long legTalk = 0;
      long legHeld = 0;
      long legDial = 0;
      long firstInteract = -1;
      for (int i = 0; i < pieces.length; i++) {
        String type = pieces[i];
        long d =
            switch (type) {
              case "alert" -> dur(800, 25_000);
              case "dialing" -> dur(300, 4_000);
              case "contacting" -> dur(2_000, 30_000);
              case "hold" -> dur(5_000, 180_000);
              default -> scenario.equals("short-talk") ? dur(200, 2_999) : dur(20_000, 900_000);
            };
        long e = t + d;
        boolean last = i == pieces.length - 1;
        boolean conf = type.equals("hold") && conference;
        segs.add(seg(t, e, type, queue, null, last ? disconnect : null, conf, List.of()));
        switch (type) {
          case "interact" -> {
            metrics.add(SessionMetric.of("tTalk", d, e));
            if (firstInteract < 0) {
              firstInteract = t;
              metrics.add(SessionMetric.of("tAnswered", t - segs.get(0).getSegmentStartMs(), t));
            }
            legTalk += d;
          }
          case "hold" -> {
            metrics.add(SessionMetric.of("tHeld", d, e));
            legHeld += d;
            agentHold += d;
            if (voiceLike && !conf) {
              customerHold += d;
            } else {
              systemHold += d;
            }
          }
          case "alert" -> metrics.add(SessionMetric.of("tAlert", d, e));
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
      if (firstInteract >= 0) {
        answered = true;
        agentId = agent.id();
      }
      talk += legTalk;
      dialing += legDial;
      if (legTalk > 0) {
        metrics.add(SessionMetric.of("tTalkComplete", legTalk, legEnd));
      }
      if (legHeld > 0) {
        metrics.add(SessionMetric.of("tHeldComplete", legHeld, legEnd));
      }
      if (TRANSFER_DISCONNECTS.contains(disconnect)) {
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
        segs.add(seg(ws, we, "wrapup", queue, code, "endpoint", false, List.of()));
        wrapUp += acw;
        if (we > wrapUpCodeEnd) {
          wrapUpCodeEnd = we;
          wrapUpCode = code;
        }
        metrics.add(SessionMetric.of("tAcw", acw, we));
        t = Math.max(legEnd, we);
      }
      long handle = legTalk + legHeld + acw + legDial;
      metrics.add(SessionMetric.of("tHandle", handle, t));
      participants.add(
          Participant.builder()
              .setParticipantId(SyntheticOrg.uuid(r))
              .setParticipantName(agent.name())
              .setPurpose("agent")
              .setUserId(agent.id())
              .setSessions(List.of(session(segs, metrics, queue == null ? null : "Standard")))
              .build());
      // The customer leaves the agent at legEnd; the agent's wrap-up may outlast the call.
      lastEnd = Math.max(lastEnd, t);
      return legEnd;
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

    GroundTruth truth(boolean closesLate, @Nullable String malformed) {
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
          .setWrapUpCode(wrapUpCode)
          .setCustomerKey(customerKey)
          .setScenario(closesLate ? scenario + "+closes-late" : scenario)
          .setClosesLate(closesLate && end != null)
          .setExpectedMalformedReason(malformed)
          .build();
    }
  }
}
