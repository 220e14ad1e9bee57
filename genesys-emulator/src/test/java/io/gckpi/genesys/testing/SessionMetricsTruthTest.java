package io.gckpi.genesys.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.model.SessionMetric;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The session metrics a generated record carries are those Genesys would emit, and agree with
 * the ground truth: per handler session tTalkComplete, tHeldComplete, tAcw, tHandle (talk + hold
 * + wrap-up + dialing + contacting, emitted when the wrap-up ends) and one nTransferred for a
 * session ended by a transfer; per acd session nOffered (when the queue is entered), tAcd (the
 * interact, not the routing delay). The worked examples were checked by hand segment by segment
 * on the day of the default configuration (2,000 conversations).
 */
@RunWith(JUnit4.class)
public class SessionMetricsTruthTest {
  private static final SyntheticDataset DAY = SyntheticDataset.generate(EmulatorConfig.defaults());

  private static final Set<String> HANDLERS = Set.of("agent", "user");

  private static final List<String> NEW_SHAPES =
      List.of("outbound", "direct", "consult-transfer", "consult-queue", "agent-returns",
          "no-answer-wrapup", "voicemail", "callback", "blind-transfer");

  private static Conversation parse(GroundTruth t) throws Exception {
    return ConversationJson.parse(DAY.rawConversation(t.conversationId()));
  }

  private static boolean transferType(Segment s) {
    return s.getDisconnectType() != null
        && ConversationGenerator.TRANSFER_DISCONNECTS.contains(s.getDisconnectType());
  }

  private static long segmentEnd(Segment s) {
    return s.getSegmentEndMs() == null ? Long.MIN_VALUE : s.getSegmentEndMs();
  }

  @Test
  public void everyNewShapeOccursOnADayOfDefaultVolume() throws Exception {
    Map<String, Integer> byScenario = new HashMap<>();
    Map<String, Integer> traps = new HashMap<>();
    for (GroundTruth t : DAY.groundTruth()) {
      byScenario.merge(t.scenario().replace("+closes-late", ""), 1, Integer::sum);
      if (t.expectedMalformedReason() != null) {
        continue;
      }
      Conversation c = parse(t);
      if (t.callerPurpose().equals("external") && t.originatingDirection().equals("inbound")) {
        traps.merge("external inbound caller", 1, Integer::sum);
      }
      Set<String> acdQueues = new HashSet<>();
      for (Participant p : c.getParticipants()) {
        int handlerSessions = 0;
        for (Session s : p.getSessions()) {
          boolean interacted = false;
          boolean wrapped = false;
          for (Segment g : s.getSegments()) {
            interacted |= g.getSegmentType().equals("interact");
            wrapped |= g.getSegmentType().equals("wrapup");
            if (g.getSegmentType().equals("wrapup") && transferType(g)) {
              traps.merge("wrap-up repeats the transfer", 1, Integer::sum);
            }
            if (p.getPurpose().equals("acd") && g.getSegmentType().equals("delay")) {
              traps.merge("acd delay", 1, Integer::sum);
            }
            if (p.getPurpose().equals("acd") && g.getQueueId() != null) {
              acdQueues.add(g.getQueueId());
            }
            if (HANDLERS.contains(p.getPurpose())
                && (g.getSegmentType().equals("dialing")
                    || g.getSegmentType().equals("contacting"))) {
              traps.merge("dialing/contacting", 1, Integer::sum);
            }
          }
          if (HANDLERS.contains(p.getPurpose())) {
            handlerSessions++;
            if (wrapped && !interacted) {
              traps.merge("unanswered session wraps up", 1, Integer::sum);
            }
          }
          if (s.getMediaType().equals("callback") && p.getPurpose().equals("acd")) {
            traps.merge("callback offered", 1, Integer::sum);
          }
        }
        if (handlerSessions > 1) {
          traps.merge("handler with several sessions", 1, Integer::sum);
        }
        if (p.getPurpose().equals("user")) {
          traps.merge("user handler", 1, Integer::sum);
        }
        if (p.getPurpose().equals("voicemail")) {
          traps.merge("voicemail leg", 1, Integer::sum);
        }
      }
      if (acdQueues.size() > 1) {
        traps.merge("offered in two queues", 1, Integer::sum);
      }
    }
    for (String shape : NEW_SHAPES) {
      assertThat(shape, byScenario.getOrDefault(shape, 0), greaterThanOrEqualTo(20));
    }
    for (String trap :
        List.of("external inbound caller", "wrap-up repeats the transfer", "acd delay",
            "dialing/contacting", "unanswered session wraps up", "callback offered",
            "handler with several sessions", "user handler", "voicemail leg",
            "offered in two queues")) {
      assertThat(trap, traps.getOrDefault(trap, 0), greaterThanOrEqualTo(20));
    }
    // Most conversations stay simple inbound calls.
    assertThat(byScenario.get("simple") * 4, greaterThan(DAY.groundTruth().size()));
  }

  @Test
  public void emittedMetricsAgreeWithTheTruthOfEveryConversation() throws Exception {
    int withMetrics = 0;
    int withoutMetrics = 0;
    for (GroundTruth t : DAY.groundTruth()) {
      if (t.expectedMalformedReason() != null) {
        continue;
      }
      Conversation c = parse(t);
      Map<String, Long> handler = new HashMap<>();
      Map<String, Long> acd = new HashMap<>();
      int acdSessions = 0;
      boolean any = false;
      for (Participant p : c.getParticipants()) {
        for (Session s : p.getSessions()) {
          long first = Long.MAX_VALUE;
          long last = Long.MIN_VALUE;
          long lastBeforeWrap = Long.MIN_VALUE;
          long interactEnd = Long.MIN_VALUE;
          for (Segment g : s.getSegments()) {
            first = Math.min(first, g.getSegmentStartMs());
            last = Math.max(last, segmentEnd(g));
            if (!g.getSegmentType().equals("wrapup")) {
              lastBeforeWrap = Math.max(lastBeforeWrap, segmentEnd(g));
            }
            if (g.getSegmentType().equals("interact")) {
              interactEnd = Math.max(interactEnd, segmentEnd(g));
            }
          }
          if (p.getPurpose().equals("acd")) {
            acdSessions++;
          }
          Map<String, Long> into = HANDLERS.contains(p.getPurpose()) ? handler : acd;
          for (SessionMetric m : s.getMetrics()) {
            any = true;
            into.merge(m.getName(), m.getValue(), Long::sum);
            String where = t.scenario() + " " + t.conversationId() + " " + m.getName();
            long emit = m.getEmitDateMs();
            switch (m.getName()) {
              case "tHandle", "tAcw" -> assertEquals(where, last, emit);
              case "tTalkComplete", "tHeldComplete", "nTransferred" ->
                  assertEquals(where, lastBeforeWrap, emit);
              case "nOffered" -> assertEquals(where, first, emit);
              case "tAcd", "tAbandon" -> assertEquals(where, interactEnd, emit);
              default -> {}
            }
          }
        }
      }
      String id = t.scenario() + " " + t.conversationId();
      assertEquals(id, t.genesysMetrics(), any);
      if (!any) {
        withoutMetrics++;
        assertNull(id, t.genesysHandleMs());
        assertNull(id, t.genesysTransfers());
        continue;
      }
      withMetrics++;
      assertEquals(id, t.agentTalkMs(), (long) handler.getOrDefault("tTalkComplete", 0L));
      assertEquals(id, t.agentHoldMs(), (long) handler.getOrDefault("tHeldComplete", 0L));
      assertEquals(id, t.wrapUpMs(), (long) handler.getOrDefault("tAcw", 0L));
      assertEquals(id, t.handleMs(), (long) handler.getOrDefault("tHandle", 0L));
      assertEquals(id, t.transfers(), (long) handler.getOrDefault("nTransferred", 0L));
      assertEquals(id, t.dialingContactingMs(),
          handler.getOrDefault("tDialing", 0L) + handler.getOrDefault("tContacting", 0L));
      assertEquals(id, t.queueWaitMs(), (long) acd.getOrDefault("tAcd", 0L));
      assertEquals(id, acdSessions, (long) acd.getOrDefault("nOffered", 0L));
      assertEquals(id, t.abandoned(), acd.containsKey("tAbandon"));
      assertEquals(id, (Long) t.agentTalkMs(), t.genesysTalkMs());
      assertEquals(id, (Long) t.agentHoldMs(), t.genesysHoldMs());
      assertEquals(id, (Long) t.wrapUpMs(), t.genesysWrapUpMs());
      assertEquals(id, (Long) t.handleMs(), t.genesysHandleMs());
      assertEquals(id, (Long) t.queueWaitMs(), t.genesysQueueWaitMs());
      assertEquals(id, (Integer) t.transfers(), t.genesysTransfers());
    }
    assertThat(withMetrics, greaterThan(1500));
    assertThat(withoutMetrics, greaterThan(100));
  }

  /** Looks up a worked example and checks that it is the conversation worked out by hand. */
  private static GroundTruth example(String id, String scenario) {
    GroundTruth t = DAY.truth(id);
    assertEquals(scenario, t.scenario());
    assertTrue(t.genesysMetrics());
    return t;
  }

  @Test
  public void outboundCallByAUser() {
    // user: dialing 3,496 + contacting 20,541 + interact 431,545, wrap-up 55,618; far end external.
    GroundTruth t = example("8ef454e8-ab99-4938-936c-2d0221ef202b", "outbound");
    assertEquals("outbound", t.originatingDirection());
    assertEquals("external", t.callerPurpose());
    assertEquals("8c8ada4e-c0d8-4abb-941c-815bf845f154", t.agentId());
    assertTrue(t.answered());
    assertFalse(t.abandoned());
    assertNull(t.queueId());
    assertEquals(24_037, t.dialingContactingMs());
    assertEquals(431_545, t.agentTalkMs());
    assertEquals(511_200, t.handleMs());
    assertEquals(487_163, t.agentHandleMs());
    assertEquals(Long.valueOf(511_200), t.genesysHandleMs());
  }

  @Test
  public void directCallToAUserWithoutRouting() {
    // user: alert 18,761, interact 897,124, wrap-up 53,176; no acd leg.
    GroundTruth t = example("f049dc08-ea9f-47dd-8732-dfa04ae86956", "direct");
    assertEquals("a56f7570-fa42-4ebe-853d-3c4bb3b93303", t.agentId());
    assertEquals(0, t.queueWaitMs());
    assertNull(t.entryQueueId());
    assertTrue(t.answered());
    assertFalse(t.abandoned());
    assertEquals(950_300, t.handleMs());
  }

  @Test
  public void consultTransferToAUserWhoseWrapUpRepeatsTheTransfer() {
    // acd: delay 607 (a hop), system 373, interact 165,875. agent: interact 238,502, hold 84,343
    // ending consultTransfer, wrap-up 52,865 ending consultTransfer too. user: interact 336,233
    // (from inside the hold), wrap-up 7,007. Two transfer-type segments, one transfer.
    GroundTruth t = example("262b4a83-4fb6-4f6a-9a80-4f54e9056a02", "consult-transfer");
    assertEquals(1, t.transfers());
    assertEquals(2, t.handlerSessions());
    assertEquals(165_875, t.queueWaitMs());
    assertEquals(373, t.systemHoldMs());
    assertEquals(574_735, t.agentTalkMs());
    assertEquals(84_343, t.customerHoldMs());
    assertEquals(59_872, t.wrapUpMs());
    assertEquals(718_950, t.handleMs());
    assertEquals("e78d61ea-e608-4f53-980c-9794bac7bc0f", t.agentId());
  }

  @Test
  public void consultToASecondQueueIsOfferedTwice() {
    // acd Support queue 174,597 -> agent A interact 222,939, hold 136,106 (consultTransfer),
    // wrap-up 24,999; during the hold acd Sales 9,842 -> agent B interact 456,292, wrap 97,302.
    GroundTruth t = example("064dcad8-7830-4b9e-8a8b-7f4c8b63086b", "consult-queue");
    assertEquals("76b20010-c318-4754-886c-400eff88a1e3", t.entryQueueId());
    assertEquals("ba419d35-0dfe-4af7-aee7-bbe10c45c028", t.queueId());
    assertEquals("Sales", t.queueName());
    assertEquals(184_439, t.queueWaitMs());
    assertEquals(679_231, t.agentTalkMs());
    assertEquals(136_106, t.agentHoldMs());
    assertEquals(122_301, t.wrapUpMs());
    assertEquals(937_638, t.handleMs());
    assertEquals(1, t.transfers());
    assertEquals("7f50d0ba-ca6b-4aa7-86fe-0fa1aba9b4f6", t.agentId());
    assertEquals("external", t.callerPurpose());
  }

  @Test
  public void agentWithTwoSessionsCountsOneTransfer() {
    // One agent participant, two sessions: interact 169,699 ending transfer + wrap-up 56,489;
    // back through the second queue (delay 797 then 253,913 wait): interact 221,132 + wrap 41,777.
    GroundTruth t = example("f929f143-3b46-40f8-8bd5-3386fba4220c", "agent-returns");
    assertEquals(2, t.handlerSessions());
    assertEquals(1, t.transfers());
    assertEquals(399_632, t.queueWaitMs());
    assertEquals(390_831, t.agentTalkMs());
    assertEquals(98_266, t.wrapUpMs());
    assertEquals(489_097, t.handleMs());
    assertEquals("4f083ce3-f12b-4b4b-86ee-9d82b52c856d", t.entryQueueId());
    assertEquals("76b20010-c318-4754-886c-400eff88a1e3", t.queueId());
  }

  @Test
  public void agentWhoRangOutStillWrapsUp() {
    // acd: delay 323, interact 176,067. Agent A: alert 18,441 (timeout), wrap-up 52,125, no
    // interact. Agent B: interact 59,142, wrap-up 4,394. Not malformed, B is the agent.
    GroundTruth t = example("7b390c22-cfee-47a3-855a-8ae33c4a2d8b", "no-answer-wrapup");
    assertNull(t.expectedMalformedReason());
    assertEquals(176_067, t.queueWaitMs());
    assertEquals(59_142, t.agentTalkMs());
    assertEquals(56_519, t.wrapUpMs());
    assertEquals(115_661, t.handleMs());
    assertEquals(0, t.transfers());
    assertEquals("6c56f201-20c5-45fc-8d6a-874a279a257b", t.agentId());
  }

  @Test
  public void voicemailLegIsNeitherAnsweredNorAbandoned() {
    // ivr 17,225 -> acd 266,881 (transfer) -> voicemail 48,725.
    GroundTruth t = example("1e7584b9-6bf4-4831-b297-33c6d6093661", "voicemail");
    assertFalse(t.answered());
    assertFalse(t.abandoned());
    assertNull(t.agentId());
    assertEquals(266_881, t.queueWaitMs());
    assertEquals(0, t.handleMs());
    assertEquals(0, t.handlerSessions());
  }

  @Test
  public void callbackIsOfferedAgainAsACallback() {
    // acd voice 282,340 then acd callback 1,008,299 in the same queue; agent callback session:
    // interact 414,677 + 70,564, hold 137,271, wrap-up 66,839. The caller's first session is voice.
    GroundTruth t = example("05c29541-7f3e-4d79-b89a-6c0dc9f52cd8", "callback");
    assertEquals("voice", t.mediaType());
    assertEquals(1_290_639, t.queueWaitMs());
    assertEquals(485_241, t.agentTalkMs());
    assertEquals(137_271, t.customerHoldMs());
    assertEquals(689_351, t.handleMs());
    assertEquals("bcec5d06-fef8-4b77-9af8-f87ef8187c57", t.agentId());
    Conversation c = DAY.model(t.conversationId());
    long offers = c.getParticipants().stream()
        .filter(p -> p.getPurpose().equals("acd"))
        .flatMap(p -> p.getSessions().stream())
        .filter(s -> s.getMetrics().stream().anyMatch(m -> m.getName().equals("nOffered")))
        .count();
    assertEquals(2, offers);
  }
}
