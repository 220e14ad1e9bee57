package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import java.util.Arrays;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ParseConversationsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void goodRecordsParseAndBadOnesBecomeDeadLettersWithReasons() {
    ParseConversations.Result result =
        p.apply(
                Create.of(
                    Arrays.asList(
                        "{\"conversationId\":\"c1\",\"conversationStart\":"
                            + "\"2024-03-01T10:00:00.000Z\",\"participants\":[]}",
                        "{not json",
                        "{\"conversationId\":\"c3\"}",
                        "{\"conversationStart\":\"2024-03-01T10:00:00.000Z\"}")))
            .apply(ParseConversations.create());

    PAssert.that(
            result
                .getConversations()
                .apply(
                    "ConversationKeys",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (Conversation c) ->
                                c.getConversationId() + "@" + c.getConversationStartMs())))
        // 2024-03-01T10:00:00Z = 1709287200000 ms.
        .containsInAnyOrder("c1@1709287200000");
    PAssert.that(
            result
                .getMalformed()
                .apply(
                    "MalformedKeys",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (MalformedInteraction m) ->
                                m.getConversationId() + "|" + m.getReason() + "|" + m.getStage())))
        .containsInAnyOrder(
            "|INVALID_JSON|parse",
            "c3|MISSING_CONVERSATION_START|parse",
            "|MISSING_CONVERSATION_ID|parse");
    // read (4) = parsed (1) + malformed (3)
    PAssert.thatSingleton(result.getMalformed().apply(Count.globally())).isEqualTo(3L);
    p.run().waitUntilFinish();
  }
}
