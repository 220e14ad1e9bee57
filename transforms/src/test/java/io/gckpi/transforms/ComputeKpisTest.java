package io.gckpi.transforms;

import static io.gckpi.transforms.Conversations.acd;
import static io.gckpi.transforms.Conversations.conversation;
import static io.gckpi.transforms.Conversations.running;
import static io.gckpi.transforms.Conversations.segment;
import static io.gckpi.transforms.Conversations.wrapup;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationCoder;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The composite the job runs, on hand-built conversations, one per fate: handled, open,
 * malformed, internal, below the minimum talk, and one in the next extraction window. Every
 * well-formed conversation has an interaction row (excluded ones with their reason), and the
 * aggregates hold per-window components, their day totals and the exclusions per window, with
 * numbers worked out by hand.
 */
@RunWith(JUnit4.class)
public class ComputeKpisTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final KpiSpec SPEC = KpiSpecLoader.defaults();
  private static final long HALF_HOUR_MS = 1_800_000L;
  /** Half-hour extraction windows, named by their index since the epoch. */
  private static final SerializableFunction<Long, String> HALF_HOURS =
      startMs -> "w" + Math.floorDiv(startMs, HALF_HOUR_MS);
  private static final String FIRST = HALF_HOURS.apply(Conversations.T0);
  private static final String SECOND = HALF_HOURS.apply(Conversations.ms(1800));

  /** A call routed through queue qa, which the specs call internal: it leaves every KPI. */
  static Conversation onInternalQueue() {
    return conversation("internal")
        .customer("voice", segment("interact", 0, 100))
        .acdLeg("voice", acd("qa", 0, 10, "transfer"))
        .agent("u3", "voice", segment("interact", 10, 100, "client"))
        .endsAt(100)
        .build();
  }

  private static List<Conversation> fates() {
    Conversation handled =
        conversation("handled")
            .customer("voice", segment("interact", 0, 330))
            .acdLeg("voice", acd("q1", 0, 150, "transfer"))
            .agent("u1", "voice", segment("interact", 150, 270, "client"),
                wrapup("resolved-id", 270, 330))
            .endsAt(330)
            .build();
    Conversation open =
        conversation("open")
            .customer("voice", running("interact", 0))
            .acdLeg("voice", running("interact", 0).toBuilder().setQueueId("q1").build())
            .build();
    Conversation malformed =
        conversation("malformed")
            .customer("voice", segment("interact", 0, 100))
            .acdLeg("voice", acd("q1", 0, 10, "transfer"))
            .agent("u2", "voice", wrapup("x", 5, 20), segment("interact", 10, 90, "client"))
            .endsAt(100)
            .build();
    Conversation internal = onInternalQueue();
    Conversation shortTalk =
        conversation("short")
            .customer("voice", segment("interact", 0, 12))
            .acdLeg("voice", acd("q1", 0, 10, "transfer"))
            .agent("u4", "voice", segment("interact", 10, 12, "client"))
            .endsAt(12)
            .build();
    Conversation later =
        conversation("later")
            .startsAt(1800)
            .customer("voice", segment("interact", 1800, 1950))
            .acdLeg("voice", acd("q1", 1800, 1830, "transfer"))
            .agent("u1", "voice", segment("interact", 1830, 1930, "client"),
                wrapup("resolved-id", 1930, 1950))
            .endsAt(1950)
            .build();
    return List.of(handled, open, malformed, internal, shortTalk, later);
  }

  @Test
  public void everyConversationHasOneRowAndTheAggregatesArePerWindowWithDayTotals() {
    Map<String, String> names = Map.of("qa", "QA_Review", "resolved-id", "Issue Resolved");
    ComputeKpis.Result result =
        pipeline
            .apply(Create.of(fates()))
            .apply(
                ComputeKpis.withSpec(SPEC)
                    .withReferenceNames(names)
                    .withExtractionWindows(HALF_HOURS));

    PAssert.that(
            result.getInteractions()
                .apply("Ids", MapElements.into(TypeDescriptors.strings())
                    .via(k -> k.getConversationId() + ":" + k.getStatus() + ":"
                        + k.getExcludedReason())))
        .containsInAnyOrder("handled:closed:null", "open:open:null",
            "internal:closed:INTERNAL_QUEUE", "short:closed:BELOW_MINIMUM_TALK",
            "later:closed:null");
    PAssert.that(
            result.getMalformed()
                .apply("Reasons", MapElements.into(TypeDescriptors.strings())
                    .via(m -> m.getConversationId() + ":" + m.getReason())))
        .containsInAnyOrder("malformed:WRAPUP_BEFORE_INTERACT");
    PAssert.that(result.getFilteredCounts())
        .containsInAnyOrder(
            FilteredCount.create(FIRST, InteractionFilter.INTERNAL_QUEUE, 1),
            FilteredCount.create(FIRST, InteractionFilter.BELOW_MINIMUM_TALK, 1));
    // First window: "handled" waits 150 s (> 120 s: an SLA breach), talks 120 s and wraps up
    // 60 s = 180 s, resolved by name through reference data. "short" (talk 2 s < 3 s) leaves the
    // handled set only: offered, answered within SLA (wait 10 s), adds 10 s of wait. "internal"
    // counts nowhere; "open" is not in the day yet.
    KpiDailyComponents first =
        q1Voice(FIRST)
            .setOffered(2)
            .setAnswered(2)
            .setHandled(1)
            .setSumWeightedHandleMs(180_000)
            .setSumHandleMs(180_000)
            .setSumAgentHandleMs(180_000)
            .setSumQueueWaitMs(160_000)
            .setSlaBreaches(1)
            .setAnsweredOverSla(1)
            .setAnsweredWithinSla(1)
            .setFcrCount(1)
            .build();
    // Second window: "later" waits 30 s, talks 100 s and wraps up 20 s = 120 s, resolved.
    KpiDailyComponents second =
        q1Voice(SECOND)
            .setOffered(1)
            .setAnswered(1)
            .setHandled(1)
            .setSumWeightedHandleMs(120_000)
            .setSumHandleMs(120_000)
            .setSumAgentHandleMs(120_000)
            .setSumQueueWaitMs(30_000)
            .setAnsweredWithinSla(1)
            .setFcrCount(1)
            .build();
    PAssert.that(result.getKpiDailyComponents()).containsInAnyOrder(first, second);
    PAssert.that(result.getKpiDaily())
        .containsInAnyOrder(
            q1Voice("")
                .setOffered(3)
                .setAnswered(3)
                .setHandled(2)
                .setSumWeightedHandleMs(300_000)
                .setSumHandleMs(300_000)
                .setSumAgentHandleMs(300_000)
                .setSumQueueWaitMs(190_000)
                .setSlaBreaches(1)
                .setAnsweredOverSla(1)
                .setAnsweredWithinSla(2)
                .setFcrCount(2)
                .build());
    // Both handled calls start in the 10:00 hour and request no skill.
    PAssert.that(result.getAhtBySkillHourlyComponents())
        .containsInAnyOrder(
            AhtBySkillHourly.create(Conversations.T0, "", 1, 180_000, FIRST),
            AhtBySkillHourly.create(Conversations.T0, "", 1, 120_000, SECOND));
    PAssert.that(result.getAhtBySkillHourly())
        .containsInAnyOrder(AhtBySkillHourly.create(Conversations.T0, "", 2, 300_000));
    pipeline.run().waitUntilFinish();
  }

  /** Queue q1, voice, 2024-01-15, in {@code windowId}, every count zero until set. */
  static KpiDailyComponents.Builder q1Voice(String windowId) {
    return zero("q1", "voice", windowId);
  }

  static KpiDailyComponents.Builder zero(String queueId, String media, String windowId) {
    return KpiDailyComponents.builder()
        .setReportDate("2024-01-15")
        .setQueueId(queueId)
        .setMediaType(media)
        .setWindowId(windowId)
        .setOffered(0)
        .setAnswered(0)
        .setAbandoned(0)
        .setHandled(0)
        .setSumWeightedHandleMs(0)
        .setSumHandleMs(0)
        .setSumAgentHandleMs(0)
        .setSumQueueWaitMs(0)
        .setSlaBreaches(0)
        .setAnsweredOverSla(0)
        .setAnsweredWithinSla(0)
        .setFcrCount(0)
        .setRepeatContactFcrCount(0)
        .setTransfers(0)
        .setSystemLatencyMs(0);
  }

  /**
   * The element classes are Serializable, so without {@code DefaultSchemaCoder} Beam's registry
   * would code them with Java serialization; every PCollection here must carry its Beam schema,
   * and a conversation, a timeline and its KPIs must survive the coder unchanged.
   */
  /**
   * A parsed conversation, some hundred values, has a coder of its own ({@link
   * ConversationCoder}); every other element is coded by its Beam schema.
   */
  @Test
  public void everyOutputIsCodedByItsBeamSchemaAndElementsSurviveTheCoder() throws Exception {
    PCollection<Conversation> conversations = pipeline.apply(Create.of(fates()));
    ParseConversations.Result parsed =
        pipeline.apply("Json", Create.of("{\"conversationId\":\"x\"}"))
            .apply(ParseConversations.create());
    ComputeKpis.Result result = conversations.apply(ComputeKpis.withSpec(SPEC));
    assertEquals(ConversationCoder.of(), parsed.getConversations().getCoder());
    Map<String, PCollection<?>> outputs = new java.util.LinkedHashMap<>();
    outputs.put("parse dead letters", parsed.getMalformed());
    outputs.put("interactions", result.getInteractions());
    outputs.put("malformed", result.getMalformed());
    outputs.put("filtered counts", result.getFilteredCounts());
    outputs.put("kpi daily components", result.getKpiDailyComponents());
    outputs.put("aht components", result.getAhtBySkillHourlyComponents());
    outputs.put("kpi daily", result.getKpiDaily());
    outputs.put("aht by skill hourly", result.getAhtBySkillHourly());
    outputs.forEach(
        (name, output) ->
            assertTrue(name + " is coded by " + output.getCoder(), output.hasSchema()));

    CoderRegistry coders = pipeline.getCoderRegistry();
    for (Conversation conversation : fates()) {
      CoderProperties.coderDecodeEncodeEqual(coders.getCoder(Conversation.class), conversation);
      InteractionTimeline timeline = TimelineBuilder.build(conversation, SPEC);
      CoderProperties.coderDecodeEncodeEqual(coders.getCoder(InteractionTimeline.class), timeline);
      CoderProperties.coderDecodeEncodeEqual(
          coders.getCoder(InteractionKpis.class), KpiCalculator.compute(timeline, SPEC));
    }
    pipeline.run().waitUntilFinish();
  }
}
