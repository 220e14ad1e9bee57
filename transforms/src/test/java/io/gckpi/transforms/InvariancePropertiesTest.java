package io.gckpi.transforms;

import static org.junit.Assert.assertEquals;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.MalformedConversationException;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.SyntheticDataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Properties over emulator conversations: array order and repeated segments never change a
 * timeline, and aggregating any partition of the input and summing equals aggregating the whole.
 */
@RunWith(JUnit4.class)
public class InvariancePropertiesTest {
  private static final KpiSpec SPEC = KpiSpecLoader.defaults();

  private static List<Conversation> conversations() {
    List<Conversation> out = new ArrayList<>();
    for (String json :
        SyntheticDataset.generate(EmulatorConfig.builder().setSeed(11).setConversationsPerDay(2000)
            .build()).rawConversations()) {
      try {
        out.add(ConversationJson.parse(json));
      } catch (MalformedConversationException e) {
        // parse failures are ParseConversations' business
      }
    }
    return out;
  }

  /** The same conversation with every segment array shuffled and some segments repeated. */
  private static Conversation scrambled(Conversation c, Random random) {
    List<Participant> participants = new ArrayList<>();
    for (Participant p : c.getParticipants()) {
      List<Session> sessions = new ArrayList<>();
      for (Session s : p.getSessions()) {
        List<Segment> segments = new ArrayList<>(s.getSegments());
        for (Segment segment : s.getSegments()) {
          if (random.nextInt(3) == 0) {
            segments.add(segment);
          }
        }
        Collections.shuffle(segments, random);
        sessions.add(s.toBuilder().setSegments(segments).build());
      }
      participants.add(p.toBuilder().setSessions(sessions).build());
    }
    return c.toBuilder().setParticipants(participants).build();
  }

  @Test
  public void shufflingAndRepeatingSegmentsChangesNothing() {
    Random random = new Random(5);
    int compared = 0;
    for (Conversation c : conversations()) {
      Conversation scrambled = scrambled(c, random);
      assertEquals(c.getConversationId(), TimelineValidator.check(c), TimelineValidator.check(scrambled));
      if (TimelineValidator.check(c) == null) {
        assertEquals(TimelineBuilder.build(c, SPEC), TimelineBuilder.build(scrambled, SPEC));
        compared++;
      }
    }
    assertEquals(true, compared > 1500);
  }

  @Test
  public void aggregatingAnyPartitionAndSummingEqualsAggregatingTheWhole() {
    List<InteractionKpis> all = new ArrayList<>();
    for (Conversation c : conversations()) {
      InteractionOutcome outcome = InteractionOutcome.of(c, SPEC, Map.of());
      if (outcome.kpis() != null) {
        all.add(outcome.kpis());
      }
    }
    Map<String, KpiDailyComponents> whole = aggregate(all);
    Random random = new Random(9);
    for (int trial = 0; trial < 50; trial++) {
      int parts = 1 + random.nextInt(7);
      List<List<InteractionKpis>> partition = new ArrayList<>();
      for (int i = 0; i < parts; i++) {
        partition.add(new ArrayList<>());
      }
      for (InteractionKpis k : all) {
        partition.get(random.nextInt(parts)).add(k);
      }
      Map<String, KpiDailyComponents> summed = new TreeMap<>();
      for (List<InteractionKpis> part : partition) {
        aggregate(part).forEach((key, c) -> summed.merge(key, c, KpiDailyComponents::plus));
      }
      assertEquals("trial " + trial, whole, summed);
    }
  }

  private static Map<String, KpiDailyComponents> aggregate(List<InteractionKpis> interactions) {
    Map<String, KpiDailyComponents> byKey = new TreeMap<>();
    for (InteractionKpis k : interactions) {
      if (k.getStatus().equals(InteractionTimeline.CLOSED)) {
        KpiDailyComponents c = KpiDailyComponents.of(k);
        if (c != null) {
          byKey.merge(c.dayKey(), c, KpiDailyComponents::plus);
        }
      }
    }
    return byKey;
  }
}
