package io.gckpi.genesys.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Checks generated conversations field by field against one written by hand from Genesys' record
 * layout: every field the generator writes at each level must exist there with the same JSON type.
 */
@RunWith(JUnit4.class)
public class ConversationShapeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Field name -> JSON type, per level (root, participant, session, metric, segment). */
  private static Map<String, Map<String, JsonNodeType>> shapes(JsonNode conversation) {
    Map<String, Map<String, JsonNodeType>> levels = new HashMap<>();
    record(levels, "root", conversation);
    for (JsonNode p : conversation.path("participants")) {
      record(levels, "participant", p);
      for (JsonNode s : p.path("sessions")) {
        record(levels, "session", s);
        s.path("metrics").forEach(m -> record(levels, "metric", m));
        s.path("segments").forEach(g -> record(levels, "segment", g));
      }
    }
    return levels;
  }

  private static void record(Map<String, Map<String, JsonNodeType>> levels, String level,
      JsonNode node) {
    Map<String, JsonNodeType> fields = levels.computeIfAbsent(level, k -> new HashMap<>());
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      fields.put(e.getKey(), e.getValue().getNodeType());
    }
  }

  @Test
  public void generatedConversationsHaveTheShapeOfTheHandWrittenOne() throws Exception {
    JsonNode reference;
    try (InputStream in = getClass().getResourceAsStream("/handwritten-conversation.json")) {
      reference = MAPPER.readTree(in);
    }
    Map<String, Map<String, JsonNodeType>> expected = shapes(reference);
    SyntheticDataset ds = SyntheticDataset.generate(
        EmulatorConfig.builder().setConversationsPerDay(500).setUnknownFieldShare(0).build());
    int checked = 0;
    for (GroundTruth t : ds.groundTruth()) {
      if (t.expectedMalformedReason() != null) {
        continue;
      }
      JsonNode generated = MAPPER.readTree(ds.rawConversation(t.conversationId()));
      for (Map.Entry<String, Map<String, JsonNodeType>> level : shapes(generated).entrySet()) {
        for (Map.Entry<String, JsonNodeType> field : level.getValue().entrySet()) {
          String where = t.scenario() + " " + level.getKey() + "." + field.getKey();
          assertTrue(where + " is not in the hand-written conversation",
              expected.get(level.getKey()).containsKey(field.getKey()));
          assertEquals(where, expected.get(level.getKey()).get(field.getKey()), field.getValue());
        }
      }
      // Timestamps in Genesys' ISO form with milliseconds and Z.
      assertTrue(generated.get("conversationStart").asText()
          .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
      checked++;
    }
    assertTrue(checked > 450);
  }
}
