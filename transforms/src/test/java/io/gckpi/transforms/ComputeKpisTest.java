package io.gckpi.transforms;

import static io.gckpi.transforms.Conversations.acd;
import static io.gckpi.transforms.Conversations.conversation;
import static io.gckpi.transforms.Conversations.running;
import static io.gckpi.transforms.Conversations.segment;
import static io.gckpi.transforms.Conversations.wrapup;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.model.Conversation;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The composite on four hand-built conversations, one per fate: handled, open, malformed and
 * filtered. Every conversation lands in exactly one output, and the daily components hold only
 * the closed one, with numbers worked out by hand.
 */
@RunWith(JUnit4.class)
public class ComputeKpisTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final KpiSpec SPEC = KpiSpec.defaults();

  private static List<Conversation> fourFates() {
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
    Conversation internal =
        conversation("internal")
            .customer("voice", segment("interact", 0, 100))
            .acdLeg("voice", acd("qa", 0, 10, "transfer"))
            .agent("u3", "voice", segment("interact", 10, 100, "client"))
            .endsAt(100)
            .build();
    return List.of(handled, open, malformed, internal);
  }

  @Test
  public void everyConversationEndsInExactlyOneOutputAndDailyKpisHoldOnlyClosedOnes() {
    PCollectionView<Map<String, String>> names =
        pipeline
            .apply("Names", Create.of(Map.of("qa", "QA_Review", "resolved-id", "Issue Resolved")))
            .apply(View.asMap());
    ComputeKpis.Result result =
        pipeline
            .apply(Create.of(fourFates()))
            .apply(ComputeKpis.withSpec(SPEC).withReferenceNames(names));

    PAssert.that(
            result.getInteractions()
                .apply("Ids", MapElements.into(TypeDescriptors.strings())
                    .via(k -> k.getConversationId() + ":" + k.getStatus())))
        .containsInAnyOrder("handled:closed", "open:open");
    PAssert.that(
            result.getMalformed()
                .apply("Reasons", MapElements.into(TypeDescriptors.strings())
                    .via(m -> m.getConversationId() + ":" + m.getReason())))
        .containsInAnyOrder("malformed:WRAPUP_BEFORE_INTERACT");
    PAssert.that(result.getFilteredCounts())
        .containsInAnyOrder(FilteredCount.create(InteractionFilter.INTERNAL_QUEUE, 1));
    // The handled call: wait 150 s (> 120 s: an SLA breach), talk 120 s + wrap-up 60 s = 180 s,
    // resolved by name through reference data. The open call is not in the day yet.
    PAssert.that(result.getKpiDaily())
        .containsInAnyOrder(
            KpiDailyComponents.builder()
                .setReportDate("2024-01-15")
                .setQueueId("q1")
                .setMediaType("voice")
                .setOffered(1)
                .setAnswered(1)
                .setAbandoned(0)
                .setHandled(1)
                .setSumWeightedHandleMs(180_000)
                .setSumHandleMs(180_000)
                .setSumAgentHandleMs(180_000)
                .setSumQueueWaitMs(150_000)
                .setSlaBreaches(1)
                .setAnsweredOverSla(1)
                .setAnsweredWithinSla(0)
                .setFcrCount(1)
                .setRepeatContactFcrCount(0)
                .setTransfers(0)
                .setSystemLatencyMs(0)
                .build());
    PAssert.that(result.getAhtBySkillHourly())
        .containsInAnyOrder(AhtBySkillHourly.create(Conversations.T0, "", 1, 180_000));
    pipeline.run().waitUntilFinish();
  }

  /**
   * The element classes are Serializable, so without {@code DefaultSchemaCoder} Beam's registry
   * would code them with Java serialization; every PCollection here must carry its Beam schema,
   * and a conversation, a timeline and its KPIs must survive the coder unchanged.
   */
  @Test
  public void everyOutputIsCodedByItsBeamSchemaAndElementsSurviveTheCoder() throws Exception {
    PCollection<Conversation> conversations = pipeline.apply(Create.of(fourFates()));
    ParseConversations.Result parsed =
        pipeline.apply("Json", Create.of("{\"conversationId\":\"x\"}"))
            .apply(ParseConversations.create());
    ComputeKpis.Result result = conversations.apply(ComputeKpis.withSpec(SPEC));
    Map<String, PCollection<?>> outputs = new java.util.LinkedHashMap<>();
    outputs.put("created conversations", conversations);
    outputs.put("parsed conversations", parsed.getConversations());
    outputs.put("parse dead letters", parsed.getMalformed());
    outputs.put("interactions", result.getInteractions());
    outputs.put("malformed", result.getMalformed());
    outputs.put("filtered", result.getFiltered());
    outputs.put("filtered counts", result.getFilteredCounts());
    outputs.put("kpi daily", result.getKpiDaily());
    outputs.put("aht by skill hourly", result.getAhtBySkillHourly());
    outputs.forEach(
        (name, output) ->
            assertTrue(name + " is coded by " + output.getCoder(), output.hasSchema()));

    CoderRegistry coders = pipeline.getCoderRegistry();
    for (Conversation conversation : fourFates()) {
      CoderProperties.coderDecodeEncodeEqual(coders.getCoder(Conversation.class), conversation);
      InteractionTimeline timeline = TimelineBuilder.build(conversation, SPEC);
      CoderProperties.coderDecodeEncodeEqual(coders.getCoder(InteractionTimeline.class), timeline);
      CoderProperties.coderDecodeEncodeEqual(
          coders.getCoder(InteractionKpis.class), KpiCalculator.compute(timeline, SPEC));
    }
    pipeline.run().waitUntilFinish();
  }
}
