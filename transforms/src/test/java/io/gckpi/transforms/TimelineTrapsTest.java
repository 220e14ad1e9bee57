package io.gckpi.transforms;

import static io.gckpi.transforms.Conversations.acd;
import static io.gckpi.transforms.Conversations.conversation;
import static io.gckpi.transforms.Conversations.ms;
import static io.gckpi.transforms.Conversations.segment;
import static io.gckpi.transforms.Conversations.session;
import static io.gckpi.transforms.Conversations.wrapup;
import static org.junit.Assert.assertEquals;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.SessionMetric;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The traps real Genesys records set, each in a conversation shaped like a real record, through
 * the composite the job runs, with every figure worked out by hand in the comments (seconds after
 * 10:00:00Z; the spec's defaults: SLA 120 s, one transfer weighs x1.2, more than two x1.5).
 */
@RunWith(JUnit4.class)
public class TimelineTrapsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final KpiSpec SPEC = KpiSpecLoader.defaults();

  private static SessionMetric metric(String name, long valueMs, double emitAt) {
    return SessionMetric.of(name, valueMs, ms(emitAt));
  }

  /**
   * An agent places a call outside ACD routing: the handler is purpose user, the far end
   * external. Dialing 5 s + contacting 10 s, talk 60 + 60 = 120 s, hold 10 s, wrap-up 30 s:
   * handle (tHandle) 175 s, agent handle 120 + 10 + 30 = 160 s. Never offered to a queue.
   */
  static Conversation outboundByUser() {
    return conversation("outbound-user")
        .withSessions("user", "u1",
            session("u1-call", "voice",
                List.of(metric("tTalkComplete", 120_000, 145), metric("tHeldComplete", 10_000, 145),
                    metric("tAcw", 30_000, 175), metric("tHandle", 175_000, 175)),
                segment("dialing", 0, 5), segment("contacting", 5, 15),
                segment("interact", 15, 75), segment("hold", 75, 85),
                segment("interact", 85, 145, "client"), wrapup("resolved-id", 145, 175)))
        .external("voice", segment("interact", 15, 145, "peer"))
        .endsAt(175)
        .build();
  }

  /** An inbound caller recorded as external: wait 20 s, talk 60 s, wrap-up 10 s = 70 s. */
  static Conversation externalCaller() {
    return conversation("external-caller")
        .external("voice", segment("interact", 0, 90))
        .acdLeg("voice", acd("q1", 0, 20, "transfer"))
        .agent("u2", "voice", segment("alert", 18, 20), segment("interact", 20, 80, "client"),
            wrapup("resolved-id", 80, 90))
        .endsAt(90)
        .build();
  }

  /**
   * u1 answers from q1 and blind-transfers to q2 (its wrap-up repeats "transfer"); u2 answers
   * there and transfers straight back to u1 (wrap-up repeats it too), who answers in a second
   * session. Two transferring sessions: 2 transfers (counting segments would make 4, and x1.5).
   * Wait 30 + 20 = 50 s; talk 3 x 100 = 300 s; wrap-up 15 + 5 + 20 = 40 s; handle 340 s, weighed
   * x1.0. The agent is u1 (the last to talk), the queue q2, the code the last wrap-up's.
   */
  static Conversation blindTransfers() {
    return conversation("blind-transfers")
        .customer("voice", segment("interact", 0, 378, "peer"))
        .withSessions("acd", null,
            session("q1-leg", "voice", List.of(metric("tAcd", 30_000, 30)),
                acd("q1", 0, 30, "transfer")),
            session("q2-leg", "voice", List.of(metric("tAcd", 20_000, 155)),
                acd("q2", 135, 155, "transfer")))
        .withSessions("agent", "u1",
            session("u1-first", "voice",
                List.of(metric("tTalkComplete", 100_000, 135), metric("tAcw", 15_000, 150),
                    metric("tHandle", 115_000, 150), metric("nTransferred", 1, 135)),
                segment("alert", 30, 35), segment("interact", 35, 135, "transfer"),
                wrapup("x", 135, 150).toBuilder().setDisconnectType("transfer").build()),
            session("u1-second", "voice",
                List.of(metric("tTalkComplete", 100_000, 358), metric("tAcw", 20_000, 378),
                    metric("tHandle", 120_000, 378)),
                segment("alert", 255, 258), segment("interact", 258, 358, "client"),
                wrapup("resolved-id", 358, 378)))
        .withSessions("agent", "u2",
            session("u2-only", "voice",
                List.of(metric("tTalkComplete", 100_000, 255), metric("tAcw", 5_000, 260),
                    metric("tHandle", 105_000, 260), metric("nTransferred", 1, 255)),
                segment("interact", 155, 255, "transfer"),
                wrapup("x", 255, 260).toBuilder().setDisconnectType("transfer").build()))
        .endsAt(378)
        .build();
  }

  /**
   * u1 holds the customer (30 s, customer hold) while consulting q2, then completes the consult
   * transfer; u2 answers from q2. One transfer (the wrap-up repeats consultTransfer), x1.2.
   * Offered in q1 and in q2. Wait 20 + 15 = 35 s; talk 100 + 120 = 220 s; wrap-up 10 + 20 = 30 s;
   * handle 220 + 30 + 30 = 280 s; weighted 280 x 1.2 = 336 s.
   */
  static Conversation consultToSecondQueue() {
    return conversation("consult-second-queue")
        .customer("voice", segment("interact", 0, 260, "peer"))
        .withSessions("acd", null,
            session("q1-leg", "voice", List.of(), acd("q1", 0, 20, "transfer")),
            session("q2-leg", "voice", List.of(), acd("q2", 125, 140, "transfer")))
        .agent("u1", "voice", segment("alert", 18, 20), segment("interact", 20, 120),
            segment("hold", 120, 150, "consultTransfer"),
            wrapup("x", 150, 160).toBuilder().setDisconnectType("consultTransfer").build())
        .agent("u2", "voice", segment("alert", 138, 140), segment("interact", 140, 260, "client"),
            wrapup("resolved-id", 260, 280))
        .endsAt(280)
        .build();
  }

  /**
   * u1 is alerted and does not answer, yet wraps up (5 s): not malformed. u2 answers. Wait 40 s,
   * talk 120 s, wrap-up 5 + 20 = 25 s, handle 145 s.
   */
  static Conversation alertedNotAnswered() {
    return conversation("alerted-not-answered")
        .customer("voice", segment("interact", 0, 160, "peer"))
        .acdLeg("voice", acd("q1", 0, 40, "transfer"))
        .agent("u1", "voice", segment("alert", 10, 25), segment("wrapup", 25, 30))
        .agent("u2", "voice", segment("alert", 35, 40), segment("interact", 40, 160, "client"),
            wrapup("resolved-id", 160, 180))
        .endsAt(180)
        .build();
  }

  /** A 2 s delay (a routing hop) before 30 s of queue: wait 30 s. Talk 60 s, wrap-up 8 s. */
  static Conversation delayOnAcdLeg() {
    return conversation("acd-delay")
        .customer("voice", segment("interact", 0, 92, "peer"))
        .acdLeg("voice", segment("delay", 0, 2).toBuilder().setQueueId("q1").build(),
            acd("q1", 2, 32, "transfer"))
        .agent("u1", "voice", segment("interact", 32, 92, "client"), wrapup("resolved-id", 92, 100))
        .endsAt(100)
        .build();
  }

  /** Routed to voicemail after 60 s in queue: offered, neither answered nor abandoned. */
  static Conversation voicemail() {
    return conversation("voicemail")
        .customer("voice", segment("interact", 0, 100, "peer"))
        .acdLeg("voice", acd("q1", 0, 60, "transfer"))
        .withSessions("voicemail", null,
            session("vm", "voice", List.of(), segment("interact", 60, 100, "client")))
        .endsAt(100)
        .build();
  }

  /**
   * The caller asks for a callback after 50 s in queue; the callback waits 250 s in q1, the
   * agent dials 5 s, contacts 10 s, talks 100 s, wraps up 20 s. Media is the caller's first
   * session's (voice). Wait 300 s; handle 100 + 20 + 15 = 135 s; agent handle 120 s.
   */
  static Conversation callback() {
    return conversation("callback")
        .withSessions("customer", null,
            session("c-voice", "voice", List.of(), segment("interact", 0, 50)),
            session("c-callback", "callback", List.of(), segment("interact", 320, 420, "peer")))
        .withSessions("acd", null,
            session("q1-voice", "voice", List.of(), acd("q1", 0, 50, "transfer")),
            session("q1-callback", "callback", List.of(), acd("q1", 50, 300, "transfer")))
        .withSessions("agent", "u1",
            session("u1-callback", "callback", List.of(),
                segment("alert", 300, 305), segment("dialing", 305, 310),
                segment("contacting", 310, 320), segment("interact", 320, 420, "client"),
                wrapup("resolved-id", 420, 440)))
        .endsAt(440)
        .build();
  }

  /** The figures a trap is about, in seconds. */
  static String summary(InteractionKpis k) {
    return String.format(
        "%s agent=%s queue=%s media=%s customer=%s transfers=%d wait=%d talk=%d hold=%d"
            + " customerHold=%d wrap=%d dialing=%d handle=%d agentHandle=%d weighted=%d"
            + " answered=%b abandoned=%b handled=%b legs=%s excluded=%s",
        k.getConversationId(), k.getAgentId(), k.getQueueId(), k.getMediaType(),
        k.getCustomerKey(), k.getTransfers(), k.getQueueWaitMs() / 1000,
        k.getAgentTalkMs() / 1000, k.getAgentHoldMs() / 1000, k.getCustomerHoldMs() / 1000,
        k.getWrapUpMs() / 1000, k.getDialingContactingMs() / 1000, k.getHandleTimeMs() / 1000,
        k.getAgentHandleTimeMs() / 1000, k.getWeightedHandleTimeMs() / 1000, k.getAnswered(),
        k.getAbandoned(), k.getHandled(), legs(k.getOfferedQueueLegs()), k.getExcludedReason());
  }

  /** Offered legs with their instant as seconds after T0. */
  private static String legs(List<String> legs) {
    return legs.stream()
        .map(leg -> {
          int at = leg.lastIndexOf('@');
          return leg.substring(0, at) + "@"
              + (Long.parseLong(leg.substring(at + 1)) - Conversations.T0) / 1000;
        })
        .toList()
        .toString();
  }

  @Test
  public void everyTrapGivesTheFiguresWorkedOutByHand() {
    PAssert.that(
            pipeline
                .apply(Create.of(outboundByUser(), externalCaller(), blindTransfers(),
                    consultToSecondQueue(), alertedNotAnswered(), delayOnAcdLeg(), voicemail(),
                    callback()))
                .apply(ComputeKpis.withSpec(SPEC))
                .getInteractions()
                .apply(MapElements.into(TypeDescriptors.strings()).via(TimelineTrapsTest::summary)))
        .containsInAnyOrder(
            "outbound-user agent=u1 queue=null media=voice customer=tel:+15550001111 transfers=0"
                + " wait=0 talk=120 hold=10 customerHold=10 wrap=30 dialing=15 handle=175"
                + " agentHandle=160 weighted=160 answered=true abandoned=false handled=false"
                + " legs=[] excluded=null",
            "external-caller agent=u2 queue=q1 media=voice customer=tel:+15550001111"
                + " transfers=0 wait=20 talk=60 hold=0 customerHold=0 wrap=10 dialing=0"
                + " handle=70 agentHandle=70 weighted=70 answered=true abandoned=false"
                + " handled=true legs=[q1@voice@0] excluded=null",
            "blind-transfers agent=u1 queue=q2 media=voice customer=tel:+15550001111"
                + " transfers=2 wait=50 talk=300 hold=0 customerHold=0 wrap=40 dialing=0"
                + " handle=340 agentHandle=340 weighted=340 answered=true abandoned=false"
                + " handled=true legs=[q1@voice@0, q2@voice@135] excluded=null",
            "consult-second-queue agent=u2 queue=q2 media=voice customer=tel:+15550001111"
                + " transfers=1 wait=35 talk=220 hold=30 customerHold=30 wrap=30 dialing=0"
                + " handle=280 agentHandle=280 weighted=336 answered=true abandoned=false"
                + " handled=true legs=[q1@voice@0, q2@voice@125] excluded=null",
            "alerted-not-answered agent=u2 queue=q1 media=voice customer=tel:+15550001111"
                + " transfers=0 wait=40 talk=120 hold=0 customerHold=0 wrap=25 dialing=0"
                + " handle=145 agentHandle=145 weighted=145 answered=true abandoned=false"
                + " handled=true legs=[q1@voice@0] excluded=null",
            "acd-delay agent=u1 queue=q1 media=voice customer=tel:+15550001111 transfers=0"
                + " wait=30 talk=60 hold=0 customerHold=0 wrap=8 dialing=0 handle=68"
                + " agentHandle=68 weighted=68 answered=true abandoned=false handled=true"
                + " legs=[q1@voice@0] excluded=null",
            "voicemail agent=null queue=q1 media=voice customer=tel:+15550001111 transfers=0"
                + " wait=60 talk=0 hold=0 customerHold=0 wrap=0 dialing=0 handle=0"
                + " agentHandle=0 weighted=0 answered=false abandoned=false handled=false"
                + " legs=[q1@voice@0] excluded=null",
            "callback agent=u1 queue=q1 media=voice customer=null transfers=0 wait=300"
                + " talk=100 hold=0 customerHold=0 wrap=20 dialing=15 handle=135"
                + " agentHandle=120 weighted=120 answered=true abandoned=false handled=true"
                + " legs=[q1@voice@0, q1@callback@50] excluded=null");
    pipeline.run().waitUntilFinish();
  }

  /**
   * Each filter narrows only its set. "test-call" (code excluded by the spec) waited 130 s and
   * was answered: offered, answered over SLA, an SLA breach, wait 130 s, but not handled.
   * "abandoned" hung up after 50 s in queue: offered and abandoned. "ivr-only" never reached a
   * queue or a handler (NO_AGENT) and "internal" ran on an internal queue: both keep their rows
   * and count nowhere. So q1: offered 2, answered 1, abandoned 1, handled 0, wait 180 s,
   * 1 breach, 1 answered over SLA.
   */
  @Test
  public void eachFilterNarrowsOnlyItsSet() {
    KpiSpec spec =
        KpiSpecLoader.parse(
            "filters:\n  internalQueues: [qa]\n  excludedWrapUpCodes: [Test Call]\n", "test");
    Conversation testCall =
        conversation("test-call")
            .customer("voice", segment("interact", 0, 230, "peer"))
            .acdLeg("voice", acd("q1", 0, 130, "transfer"))
            .agent("u1", "voice", segment("interact", 130, 230, "client"),
                wrapup("Test Call", 230, 240))
            .endsAt(240)
            .build();
    Conversation abandoned =
        conversation("abandoned")
            .customer("voice", segment("interact", 0, 50, "client"))
            .acdLeg("voice", acd("q1", 0, 50, "client"))
            .endsAt(50)
            .build();
    Conversation ivrOnly =
        conversation("ivr-only").customer("voice", segment("interact", 0, 60)).endsAt(60).build();
    Conversation internal = ComputeKpisTest.onInternalQueue();
    ComputeKpis.Result result =
        pipeline
            .apply(Create.of(testCall, abandoned, ivrOnly, internal))
            .apply(ComputeKpis.withSpec(spec));
    PAssert.that(
            result.getInteractions()
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(k -> k.getConversationId() + ":" + k.getExcludedReason())))
        .containsInAnyOrder("test-call:EXCLUDED_WRAP_UP_CODE", "abandoned:null",
            "ivr-only:NO_AGENT", "internal:INTERNAL_QUEUE");
    PAssert.that(result.getKpiDaily())
        .containsInAnyOrder(
            ComputeKpisTest.q1Voice("")
                .setOffered(2)
                .setAnswered(1)
                .setAbandoned(1)
                .setSumQueueWaitMs(180_000)
                .setSlaBreaches(1)
                .setAnsweredOverSla(1)
                .build());
    PAssert.that(result.getAhtBySkillHourly()).empty();
    PAssert.that(result.getFilteredCounts())
        .containsInAnyOrder(
            FilteredCount.create("", InteractionFilter.EXCLUDED_WRAP_UP_CODE, 1),
            FilteredCount.create("", InteractionFilter.NO_AGENT, 1),
            FilteredCount.create("", InteractionFilter.INTERNAL_QUEUE, 1));
    pipeline.run().waitUntilFinish();
  }

  /**
   * Genesys' session metrics are summed beside the derived figures, and every disagreement is
   * counted by field. "blind-transfers" carries metrics that agree with its segments (tAcd
   * 30 + 20 s, tTalkComplete 300 s, tAcw 40 s, tHandle 340 s, nTransferred 2; no tHeldComplete:
   * null). Its copy with u2's tHandle 1 s too long disagrees on handle time only; the record
   * without metrics is compared on nothing.
   */
  @Test
  public void genesysMetricsAreSummedAndDisagreementsCountedByField() {
    Conversation agreeing = blindTransfers();
    Conversation disagreeing =
        withHandleOneSecondLonger(agreeing.toBuilder().setConversationId("tampered").build());
    PAssert.that(
            pipeline
                .apply(Create.of(agreeing, disagreeing, voicemail()))
                .apply(ComputeKpis.withSpec(SPEC))
                .getInteractions()
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(k -> k.getConversationId() + " wait=" + k.getGenesysQueueWaitMs()
                        + " talk=" + k.getGenesysTalkMs() + " hold=" + k.getGenesysHoldMs()
                        + " wrap=" + k.getGenesysWrapUpMs() + " handle=" + k.getGenesysHandleMs()
                        + " transfers=" + k.getGenesysTransfers())))
        .containsInAnyOrder(
            // No session held: Genesys emits no tHeldComplete, which in a record with metrics is 0.
            "blind-transfers wait=50000 talk=300000 hold=0 wrap=40000 handle=340000"
                + " transfers=2",
            "tampered wait=50000 talk=300000 hold=0 wrap=40000 handle=341000 transfers=2",
            "voicemail wait=null talk=null hold=null wrap=null handle=null transfers=null");
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    Map<String, Long> byField = new TreeMap<>();
    for (MetricResult<Long> counter :
        result.metrics()
            .queryMetrics(MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(GenesysMetricCheck.NAMESPACE))
                .build())
            .getCounters()) {
      byField.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
    }
    assertEquals(Map.of("handle_time_ms", 1L), byField);
  }

  /** The conversation with the tHandle of participant u2 one second longer. */
  private static Conversation withHandleOneSecondLonger(Conversation c) {
    return c.toBuilder()
        .setParticipants(
            c.getParticipants().stream()
                .map(p -> !"u2".equals(p.getUserId()) ? p : p.toBuilder()
                    .setSessions(p.getSessions().stream()
                        .map(s -> s.toBuilder()
                            .setMetrics(s.getMetrics().stream()
                                .map(m -> !m.getName().equals("tHandle") ? m
                                    : SessionMetric.of("tHandle", m.getValue() + 1000,
                                        m.getEmitDateMs()))
                                .toList())
                            .build())
                        .toList())
                    .build())
                .toList())
        .build();
  }
}
