package io.gckpi.transforms;

import static io.gckpi.transforms.Conversations.acd;
import static io.gckpi.transforms.Conversations.conversation;
import static io.gckpi.transforms.Conversations.segment;
import static io.gckpi.transforms.Conversations.wrapup;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Repeat-contact FCR worked out by hand with a 7-day look-ahead and data observed until day 20:
 * a customer back on day 3 was not resolved on day 0; the day-3 contact is resolved (nothing by
 * day 10, which is known); a contact on day 15 cannot be decided yet; unhandled contacts and
 * contacts without a customer key are never decided.
 */
@RunWith(JUnit4.class)
public class RepeatContactFcrTest {
  private static final long DAY = 86_400_000L;
  private static final KpiSpec SPEC = KpiSpecLoader.parse("fcr:\n  repeatContactDays: 7\n", "spec.yaml");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static InteractionKpis contact(String id, String customer, int day, boolean handled) {
    InteractionKpis handledCall =
        KpiCalculator.compute(
            TimelineBuilder.build(
                conversation(id)
                    .customer("voice", segment("interact", 0, 300))
                    .acdLeg("voice", acd("q1", 0, 30, "transfer"))
                    .agent("u1", "voice", segment("interact", 30, 280, "client"),
                        wrapup("x", 280, 300))
                    .endsAt(300)
                    .build(),
                SPEC),
            SPEC);
    return handledCall.toBuilder()
        .setCustomerKey(customer)
        .setConversationStartMs(Conversations.T0 + day * DAY)
        .setHandled(handled)
        .build();
  }

  @Test
  public void eachContactLooksAheadToTheCustomersNextOne() {
    PCollection<InteractionKpis> decided =
        pipeline
            .apply(
                Create.of(
                    contact("a0", "tel:+1", 0, true),
                    contact("a3", "tel:+1", 3, true),
                    contact("b15", "tel:+2", 15, true),
                    contact("c1", "tel:+3", 1, false),
                    contact("c9", "tel:+3", 9, true),
                    contact("d1", null, 1, true)))
            .apply(RepeatContactFcr.withSpec(SPEC).withObservedUntil(Conversations.T0 + 20 * DAY));
    PAssert.that(decided)
        .satisfies(
            contacts -> {
              Map<String, Boolean> byId = new HashMap<>();
              int n = 0;
              for (InteractionKpis k : contacts) {
                byId.put(k.getConversationId(), k.getRepeatContactFcr());
                n++;
              }
              assertEquals("every contact comes out once", 6, n);
              assertEquals(Boolean.FALSE, byId.get("a0")); // back on day 3
              assertEquals(Boolean.TRUE, byId.get("a3")); // not back by day 10, known at day 20
              assertNull(byId.get("b15")); // day 22 is past what the input covers
              assertNull(byId.get("c1")); // not handled
              assertEquals(Boolean.TRUE, byId.get("c9")); // day 1 came before, not after
              assertNull(byId.get("d1")); // no customer key
              return null;
            });
    // Off without repeatContactDays: the input passes through untouched.
    InteractionKpis plain = contact("e0", "tel:+4", 0, true);
    PAssert.thatSingleton(
            pipeline.apply("Plain", Create.of(plain))
                .apply("Off", RepeatContactFcr.withSpec(KpiSpecLoader.defaults())))
        .isEqualTo(plain);
    pipeline.run();
  }

  /**
   * Forty customers, one contact each, a day apart in turn: more customers than the transform has
   * groups, so some share one, and a customer's look-ahead must not see another's contact.
   */
  @Test
  public void aCustomerNeverLooksAheadToAnotherCustomersContact() {
    java.util.List<InteractionKpis> contacts = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      contacts.add(contact("x" + i, "tel:+100" + i, i % 5, true));
    }
    PCollection<InteractionKpis> decided =
        pipeline
            .apply("Customers", Create.of(contacts))
            .apply(RepeatContactFcr.withSpec(SPEC).withObservedUntil(Conversations.T0 + 20 * DAY));
    PAssert.that(decided)
        .satisfies(
            all -> {
              int count = 0;
              for (InteractionKpis k : all) {
                assertEquals(k.getConversationId(), Boolean.TRUE, k.getRepeatContactFcr());
                count++;
              }
              assertEquals(40, count);
              return null;
            });
    pipeline.run();
  }
}
