package io.gckpi.transforms;

import static io.gckpi.transforms.Conversations.acd;
import static io.gckpi.transforms.Conversations.conferenceHold;
import static io.gckpi.transforms.Conversations.conversation;
import static io.gckpi.transforms.Conversations.running;
import static io.gckpi.transforms.Conversations.segment;
import static io.gckpi.transforms.Conversations.wrapup;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.SessionMetric;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** One hand-worked conversation per timeline rule and per trap real records set. */
@RunWith(JUnit4.class)
public class TimelineRulesTest {
  private static final KpiSpec SPEC = KpiSpecLoader.defaults();

  /** Voice call: 30 s in queue, 200 s talk, 40 s customer hold, 60 s wrap-up. */
  private static Conversations simpleCall(String id) {
    return conversation(id)
        .customer("voice", segment("interact", 0, 330))
        .acdLeg("voice", acd("q1", 0, 30, "transfer"))
        .agent("u1", "voice",
            segment("alert", 30, 35),
            segment("interact", 35, 135),
            segment("hold", 135, 175),
            segment("interact", 175, 275, "client"),
            wrapup("Issue Resolved", 275, 335))
        .endsAt(335);
  }

  @Test
  public void aSimpleCallHasEveryMeasureWorkedOutByHand() {
    InteractionTimeline t = TimelineBuilder.build(simpleCall("c1").build(), SPEC);
    assertEquals(30_000, t.getQueueWaitMs());
    assertEquals(200_000, t.getAgentTalkMs()); // 100 + 100
    assertEquals(40_000, t.getCustomerHoldMs());
    assertEquals(0, t.getSystemHoldMs());
    assertEquals(60_000, t.getWrapUpMs());
    assertEquals(0, t.getTransfers());
    assertEquals("q1", t.getQueueId());
    assertEquals("u1", t.getAgentId());
    assertEquals("Issue Resolved", t.getWrapUpCode());
    assertTrue(t.getAnswered());
    assertFalse(t.getAbandoned());
    InteractionKpis k = KpiCalculator.compute(t, SPEC);
    assertEquals(300_000, k.getHandleTimeMs()); // talk 200 + hold 40 + wrap-up 60
    assertEquals(300_000, k.getAgentHandleTimeMs());
    assertEquals(300_000, k.getWeightedHandleTimeMs()); // no transfer: x1.0
    assertTrue(k.getFcr());
    assertFalse(k.getSlaBreached()); // 30 s <= 120 s
    assertEquals("2024-01-15", k.getReportDate());
  }

  @Test
  public void theAcdHandOffIsRoutingNotATransfer() {
    // The acd leg ends with "transfer" when it hands the call to the agent: 0 transfers, so the
    // weighted handle time keeps x1.0 instead of the x1.2 of one transfer.
    InteractionKpis k =
        KpiCalculator.compute(TimelineBuilder.build(simpleCall("c2").build(), SPEC), SPEC);
    assertEquals(0, k.getTransfers());
    assertEquals(k.getAgentHandleTimeMs(), k.getWeightedHandleTimeMs());
  }

  @Test
  public void anAgentBlindTransferCountsAndWeighsOnePointTwo() {
    Conversation c =
        conversation("c3")
            .customer("voice", segment("interact", 0, 400))
            .acdLeg("voice", acd("q1", 0, 10, "transfer"), acd("q2", 110, 130, "transfer"))
            .agent("u1", "voice", segment("interact", 10, 100, "transfer"), wrapup("x", 100, 110))
            .agent("u2", "voice", segment("interact", 130, 230, "client"), wrapup("y", 230, 240))
            .endsAt(240)
            .build();
    InteractionKpis k = KpiCalculator.compute(TimelineBuilder.build(c, SPEC), SPEC);
    assertEquals(1, k.getTransfers());
    assertEquals("q2", k.getQueueId()); // the last acd segment's queue
    assertEquals("q1", k.getEntryQueueId());
    assertEquals("u2", k.getAgentId()); // the last agent who talked
    assertEquals("y", k.getWrapUpCode()); // the wrap-up that ends last
    // talk 90 + 100 = 190 s, wrap-up 10 + 10 = 20 s: 210 s x 1.2 = 252 s
    assertEquals(252_000, k.getWeightedHandleTimeMs());
    assertEquals(30_000, k.getQueueWaitMs()); // 10 + 20
  }

  @Test
  public void exactlyTwoTransfersFallThroughToOnePointZeroAsInTheSeed() {
    assertEquals(1.0, SPEC.weightMultiplier(2, "voice", null), 0.0);
    assertEquals(1.5, SPEC.weightMultiplier(3, "voice", null), 0.0);
    assertEquals(1.2, SPEC.weightMultiplier(1, "voice", null), 0.0);
  }

  @Test
  public void aChatHoldIsSystemHold() {
    Conversation c =
        conversation("c4")
            .customer("chat", segment("interact", 0, 300))
            .acdLeg("chat", acd("q1", 0, 20, "transfer"))
            .agent("u1", "chat",
                segment("interact", 20, 120),
                segment("hold", 120, 200),
                segment("interact", 200, 280, "client"),
                wrapup("Issue Resolved", 280, 300))
            .endsAt(300)
            .build();
    InteractionKpis k = KpiCalculator.compute(TimelineBuilder.build(c, SPEC), SPEC);
    assertEquals(0, k.getCustomerHoldMs());
    assertEquals(80_000, k.getSystemHoldMs());
    assertEquals(80_000, k.getSystemLatencyMs());
    // Genesys' handle time counts every agent hold; the agent's does not count system hold.
    assertEquals(180_000 + 80_000 + 20_000, k.getHandleTimeMs());
    assertEquals(180_000 + 20_000, k.getAgentHandleTimeMs());
  }

  @Test
  public void aConferenceHoldIsSystemHold() {
    Conversation c =
        conversation("c5")
            .customer("voice", segment("interact", 0, 300))
            .acdLeg("voice", acd("q1", 0, 20, "transfer"))
            .agent("u1", "voice",
                segment("interact", 20, 100),
                conferenceHold(100, 150),
                segment("interact", 150, 280, "client"),
                wrapup("x", 280, 300))
            .endsAt(300)
            .build();
    InteractionTimeline t = TimelineBuilder.build(c, SPEC);
    assertEquals(0, t.getCustomerHoldMs());
    assertEquals(50_000, t.getSystemHoldMs());
  }

  @Test
  public void anOpenConversationIsKeptOpenAndStaysOutOfDailyKpis() {
    Conversation c =
        conversation("c6")
            .customer("voice", running("interact", 0))
            .acdLeg("voice", running("interact", 0).toBuilder().setQueueId("q1").build())
            .build();
    assertNull(TimelineValidator.check(c));
    InteractionOutcome outcome = InteractionOutcome.of(c, SPEC, Map.of());
    assertEquals(InteractionTimeline.OPEN, outcome.kpis().getStatus());
    assertEquals(0, outcome.kpis().getQueueWaitMs()); // a running segment counts zero
    assertTrue(AhtBySkillHourly.of(outcome.kpis()).isEmpty());
  }

  @Test
  public void aWrapUpBeforeTalkIsMalformed() {
    Conversation c =
        conversation("c7")
            .customer("voice", segment("interact", 0, 200))
            .acdLeg("voice", acd("q1", 0, 20, "transfer"))
            .agent("u1", "voice", wrapup("x", 15, 25), segment("interact", 20, 190, "client"))
            .endsAt(200)
            .build();
    assertEquals(TimelineValidator.WRAPUP_BEFORE_INTERACT, TimelineValidator.check(c).reason());
  }

  @Test
  public void aSegmentEndingBeforeItStartsIsMalformed() {
    Conversation c =
        conversation("c8")
            .customer("voice", segment("interact", 0, 200))
            .acdLeg("voice", acd("q1", 50, 20, "transfer"))
            .endsAt(200)
            .build();
    assertEquals(TimelineValidator.SEGMENT_ENDS_BEFORE_START, TimelineValidator.check(c).reason());
  }

  @Test
  public void handleTimeEqualsGenesysTHandleWhereTheRecordCarriesIt() {
    // tHandle = talk 200 s + hold 40 s + wrap-up 60 s, as Genesys computes it.
    Conversation c =
        conversation("c9")
            .customer("voice", segment("interact", 0, 330))
            .acdLeg("voice", acd("q1", 0, 30, "transfer"))
            .agentWithMetrics("u1", "voice",
                List.of(SessionMetric.of("tHandle", 300_000, Conversations.ms(335))),
                segment("interact", 35, 135),
                segment("hold", 135, 175),
                segment("interact", 175, 275, "client"),
                wrapup("Issue Resolved", 275, 335))
            .endsAt(335)
            .build();
    InteractionKpis k = KpiCalculator.compute(TimelineBuilder.build(c, SPEC), SPEC);
    assertEquals(Long.valueOf(300_000), k.getGenesysHandleMs());
    assertEquals((long) k.getGenesysHandleMs(), k.getHandleTimeMs());
  }

  @Test
  public void anAbandonedCallIsOfferedAbandonedAndKept() {
    Conversation c =
        conversation("c10")
            .customer("voice", segment("interact", 0, 150, "client"))
            .acdLeg("voice", acd("q1", 0, 150, "client"))
            .endsAt(150)
            .build();
    InteractionOutcome outcome = InteractionOutcome.of(c, SPEC, Map.of());
    assertNull(outcome.kpis().getExcludedReason());
    InteractionKpis k = outcome.kpis();
    assertTrue(k.getAbandoned());
    assertTrue(k.getSlaBreached()); // 150 s > 120 s
    KpiDailyComponents components = KpiDailyComponents.of(k);
    assertEquals(1, components.getOffered());
    assertEquals(1, components.getAbandoned());
    assertEquals(0, components.getHandled());
  }

  @Test
  public void internalQueuesByNameShortTalkAndBotOnlyKeepTheirRowWithTheirReason() {
    Map<String, String> names = Map.of("qa", "QA_Review");
    Conversation internal =
        conversation("c11")
            .customer("voice", segment("interact", 0, 100))
            .acdLeg("voice", acd("qa", 0, 10, "transfer"))
            .agent("u1", "voice", segment("interact", 10, 100, "client"))
            .endsAt(100)
            .build();
    assertEquals(InteractionFilter.INTERNAL_QUEUE,
        InteractionOutcome.of(internal, SPEC, names).kpis().getExcludedReason());
    Conversation dropped =
        conversation("c12")
            .customer("voice", segment("interact", 0, 12))
            .acdLeg("voice", acd("q1", 0, 10, "transfer"))
            .agent("u1", "voice", segment("interact", 10, 12, "client"))
            .endsAt(12)
            .build();
    assertEquals(InteractionFilter.BELOW_MINIMUM_TALK,
        InteractionOutcome.of(dropped, SPEC, names).kpis().getExcludedReason());
    Conversation botOnly =
        conversation("c13").customer("voice", segment("interact", 0, 60)).endsAt(60).build();
    assertEquals(InteractionFilter.NO_AGENT,
        InteractionOutcome.of(botOnly, SPEC, names).kpis().getExcludedReason());
  }
}
