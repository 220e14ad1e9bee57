package io.gckpi.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.MalformedConversationException;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.GroundTruth;
import io.gckpi.genesys.testing.SyntheticDataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Over 12,000 emulator conversations, every timeline field equals the generator's ground truth
 * (its plan, computed independently of TimelineBuilder) to the millisecond, and every conversation
 * is accounted for: interaction, malformed with the intended reason, or filtered.
 */
@RunWith(JUnit4.class)
public class TimelineGroundTruthTest {
  private static final SyntheticDataset DATASET =
      SyntheticDataset.generate(
          EmulatorConfig.builder().setSeed(7).setConversationsPerDay(4000).setDays(3).build());

  private static Map<String, String> referenceNames() {
    Map<String, String> names = new HashMap<>();
    for (ReferenceEntity queue : DATASET.queues()) {
      names.put(queue.id(), queue.name());
    }
    for (ReferenceEntity code : DATASET.wrapUpCodes()) {
      names.put(code.id(), code.name());
    }
    return names;
  }

  @Test
  public void everyTimelineFieldEqualsGroundTruthAndEveryConversationIsAccountedFor() {
    KpiSpec spec = KpiSpecLoader.defaults();
    Map<String, String> names = referenceNames();
    Map<String, GroundTruth> truth = new HashMap<>();
    for (GroundTruth t : DATASET.groundTruth()) {
      truth.put(t.conversationId(), t);
    }
    int interactions = 0;
    int malformed = 0;
    int filtered = 0;
    int fcr = 0;
    List<String> problems = new ArrayList<>();
    List<String> raw = DATASET.rawConversations();
    assertTrue(raw.size() >= 10_000);
    for (String json : raw) {
      Conversation conversation;
      try {
        conversation = ConversationJson.parse(json);
      } catch (MalformedConversationException e) {
        malformed++;
        continue; // parse-stage reasons are checked in ParseConversationsTest
      }
      GroundTruth t = truth.get(conversation.getConversationId());
      InteractionOutcome outcome = InteractionOutcome.of(conversation, spec, names);
      if (t.expectedMalformedReason() != null) {
        malformed++;
        if (outcome.malformed() == null
            || !outcome.malformed().reason().equals(t.expectedMalformedReason())) {
          problems.add(t.conversationId() + " should be " + t.expectedMalformedReason() + ": "
              + outcome);
        }
        continue;
      }
      if (outcome.malformed() != null) {
        problems.add(t.conversationId() + " (" + t.scenario() + ") wrongly malformed: "
            + outcome.malformed());
        continue;
      }
      compare(TimelineBuilder.build(conversation, spec), t, problems);
      String excluded = outcome.kpis().getExcludedReason();
      if (excluded != null) {
        filtered++;
        if (t.internalQueue() && !excluded.equals(InteractionFilter.INTERNAL_QUEUE)) {
          problems.add(t.conversationId() + " internal but filtered as " + excluded);
        }
      } else {
        interactions++;
        if (t.internalQueue()) {
          problems.add(t.conversationId() + " on internal queue " + t.queueName() + " was kept");
        }
        InteractionKpis k = outcome.kpis();
        fcr += k.getFcr() ? 1 : 0;
        if (k.getHandleTimeMs() != t.handleMs()) {
          problems.add(t.conversationId() + ": handle " + k.getHandleTimeMs() + " truth "
              + t.handleMs());
        }
      }
    }
    assertEquals(String.join("\n", problems.subList(0, Math.min(20, problems.size()))),
        0, problems.size());
    assertEquals(raw.size(), interactions + malformed + filtered);
    assertTrue("filters left out something", filtered > 0);
    assertTrue("wrap-up codes resolve to the spec's FCR names", fcr > 0);
  }

  private static void compare(InteractionTimeline tl, GroundTruth t, List<String> problems) {
    Map<String, Object[]> fields = new HashMap<>();
    fields.put("start", new Object[] {tl.getConversationStartMs(), t.conversationStartMs()});
    fields.put("end", new Object[] {tl.getConversationEndMs(), t.conversationEndMs()});
    fields.put("media", new Object[] {tl.getMediaType(), t.mediaType()});
    fields.put("direction", new Object[] {tl.getOriginatingDirection(), t.originatingDirection()});
    fields.put("queue", new Object[] {tl.getQueueId(), t.queueId()});
    fields.put("entryQueue", new Object[] {tl.getEntryQueueId(), t.entryQueueId()});
    fields.put("skills", new Object[] {tl.getSkillIds(), t.skillIds()});
    fields.put("agent", new Object[] {tl.getAgentId(), t.agentId()});
    fields.put("customerKey", new Object[] {tl.getCustomerKey(), t.customerKey()});
    fields.put("queueWait", new Object[] {tl.getQueueWaitMs(), t.queueWaitMs()});
    fields.put("talk", new Object[] {tl.getAgentTalkMs(), t.agentTalkMs()});
    fields.put("customerHold", new Object[] {tl.getCustomerHoldMs(), t.customerHoldMs()});
    fields.put("systemHold", new Object[] {tl.getSystemHoldMs(), t.systemHoldMs()});
    fields.put("agentHold", new Object[] {tl.getAgentHoldMs(), t.agentHoldMs()});
    fields.put("wrapUp", new Object[] {tl.getWrapUpMs(), t.wrapUpMs()});
    fields.put("dialing", new Object[] {tl.getDialingContactingMs(), t.dialingContactingMs()});
    fields.put("code", new Object[] {tl.getWrapUpCode(), t.wrapUpCode()});
    fields.put("transfers", new Object[] {tl.getTransfers(), t.transfers()});
    fields.put("answered", new Object[] {tl.getAnswered(), t.answered()});
    fields.put("abandoned", new Object[] {tl.getAbandoned(), t.abandoned()});
    fields.put("status", new Object[] {tl.getStatus(), t.open() ? "open" : "closed"});
    fields.forEach(
        (name, pair) -> {
          if (!Objects.equals(pair[0], pair[1])) {
            problems.add(t.conversationId() + " (" + t.scenario() + ") " + name + ": "
                + pair[0] + " truth " + pair[1]);
          }
        });
  }
}
