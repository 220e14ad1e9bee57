package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.client.GenesysApi.FetchedConversation;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.GroundTruth;
import io.gckpi.genesys.testing.SyntheticDataset;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.Test;

/**
 * The page parser against the generator's conversations (unknown fields, shuffled arrays, open and
 * deliberately broken records included): every record comes out, in order, with the generator's own
 * id, start and end, and its raw text equal to what was served.
 */
public class GeneratedPageParsingTest {

  @Test
  public void everyGeneratedConversationIsReadWithItsTruthfulKeyFields() throws Exception {
    SyntheticDataset dataset =
        SyntheticDataset.generate(
            EmulatorConfig.builder()
                .setSeed(20240301L)
                .setStartDate(LocalDate.of(2024, 3, 1))
                .setDays(2)
                .setConversationsPerDay(150)
                .build());
    List<String> raw = dataset.rawConversations();
    String page =
        "{\"conversations\":[" + String.join(",", raw) + "],\"cursor\":\"next\",\"extra\":1}";
    ObjectMapper mapper = new ObjectMapper();

    DetailsPageParser.Page parsed =
        new DetailsPageParser(mapper)
            .parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));

    List<GroundTruth> truths = dataset.groundTruth();
    assertEquals(truths.size(), parsed.conversations().size());
    assertTrue("the dataset is not trivially small", truths.size() >= 250);
    int unreadableStarts = 0;
    int missingIds = 0;
    for (int i = 0; i < truths.size(); i++) {
      GroundTruth truth = truths.get(i);
      FetchedConversation fetched = parsed.conversations().get(i);
      assertEquals(mapper.readTree(raw.get(i)), mapper.readTree(fetched.rawJson()));
      if (fetched.conversationId() == null) {
        // A record without an id is passed on (to be dead-lettered), not dropped.
        assertEquals("malformed-missing-id", truth.scenario());
        missingIds++;
      } else {
        assertEquals(truth.conversationId(), fetched.conversationId());
      }
      if (fetched.conversationStart() == null) {
        // Only a record the generator broke on purpose may have an unreadable start.
        assertNotNull(truth.conversationId(), truth.expectedMalformedReason());
        unreadableStarts++;
        continue;
      }
      assertEquals(
          truth.conversationId(),
          Instant.ofEpochMilli(truth.conversationStartMs()),
          fetched.conversationStart());
      if (fetched.conversationEnd() != null && truth.conversationEndMs() != null) {
        assertEquals(
            truth.conversationId(),
            Instant.ofEpochMilli(truth.conversationEndMs()),
            fetched.conversationEnd());
      }
    }
    assertTrue(unreadableStarts + missingIds < truths.size() / 10);
    assertEquals("next", parsed.cursor());
  }
}
