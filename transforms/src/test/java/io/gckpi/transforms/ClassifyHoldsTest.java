package io.gckpi.transforms;

import static io.gckpi.transforms.Conversations.acd;
import static io.gckpi.transforms.Conversations.conference;
import static io.gckpi.transforms.Conversations.conversation;
import static io.gckpi.transforms.Conversations.segment;
import static io.gckpi.transforms.Conversations.wrapup;
import static org.junit.Assert.assertEquals;

import io.gckpi.genesys.model.Conversation;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link ClassifyHolds} on its own: BuildTimelines leaves every agent hold as customer hold, and
 * the spec's hold rules move chat holds and conference holds to system hold.
 */
@RunWith(JUnit4.class)
public class ClassifyHoldsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void holdsAreSplitByTheSpecAndClassifyingTwiceChangesNothing() {
    // Voice: 40 s customer hold, 50 s conference hold, 10 s system segment on the agent leg.
    Conversation voice =
        conversation("v1")
            .customer("voice", segment("interact", 0, 400))
            .acdLeg("voice", acd("q1", 0, 20, "transfer"))
            .agent("u1", "voice",
                segment("interact", 20, 100),
                segment("hold", 100, 140),
                conference(segment("hold", 140, 190)),
                segment("system", 190, 200),
                segment("interact", 200, 380, "client"),
                wrapup("x", 380, 400))
            .endsAt(400)
            .build();
    // Chat: a 30 s hold is the agent working another chat.
    Conversation chat =
        conversation("c1")
            .customer("chat", segment("interact", 0, 200))
            .acdLeg("chat", acd("q1", 0, 10, "transfer"))
            .agent("u1", "chat",
                segment("interact", 10, 100),
                segment("hold", 100, 130),
                segment("interact", 130, 190, "client"),
                wrapup("x", 190, 200))
            .endsAt(200)
            .build();
    PCollection<InteractionTimeline> built =
        pipeline.apply(Create.of(voice, chat)).apply(BuildTimelines.create());
    PAssert.that(built)
        .satisfies(
            timelines -> {
              for (InteractionTimeline t : timelines) {
                assertEquals(t.getAgentHoldMs(), t.getCustomerHoldMs());
              }
              return null;
            });
    PCollection<InteractionTimeline> classified =
        built
            .apply(ClassifyHolds.withSpec(KpiSpecLoader.defaults()))
            .apply("ClassifyAgain", ClassifyHolds.withSpec(KpiSpecLoader.defaults()));
    PAssert.that(classified)
        .satisfies(
            timelines -> {
              for (InteractionTimeline t : timelines) {
                if (t.getConversationId().equals("v1")) {
                  assertEquals(90_000, t.getAgentHoldMs());
                  assertEquals(40_000, t.getCustomerHoldMs());
                  assertEquals(50_000 + 10_000, t.getSystemHoldMs());
                } else {
                  assertEquals(30_000, t.getAgentHoldMs());
                  assertEquals(0, t.getCustomerHoldMs());
                  assertEquals(30_000, t.getSystemHoldMs());
                }
              }
              return null;
            });
    // A spec that counts conference holds as the customer's keeps them there.
    KpiSpec conferenceIsCustomer =
        KpiSpecLoader.parse("holds:\n  conferenceHoldIsSystem: false\n", "spec.yaml");
    PCollection<InteractionTimeline> other =
        built.apply("OtherRules", ClassifyHolds.withSpec(conferenceIsCustomer));
    PAssert.that(other)
        .satisfies(
            timelines -> {
              for (InteractionTimeline t : timelines) {
                if (t.getConversationId().equals("v1")) {
                  assertEquals(90_000, t.getCustomerHoldMs());
                  assertEquals(10_000, t.getSystemHoldMs());
                }
              }
              return null;
            });
    pipeline.run();
  }
}
