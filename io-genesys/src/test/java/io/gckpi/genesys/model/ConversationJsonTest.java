package io.gckpi.genesys.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

/** The detail-record fields the tables carry beside the KPI ones: externalTag and provider. */
public class ConversationJsonTest {
  private static final String RECORD =
      "{\"conversationId\":\"c-1\",\"conversationStart\":\"2024-03-01T10:00:00.000Z\","
          + "\"externalTag\":\"crm-4711\",\"participants\":[{\"participantId\":\"p-1\","
          + "\"purpose\":\"customer\",\"sessions\":[{\"sessionId\":\"s-1\",\"mediaType\":\"voice\","
          + "\"provider\":\"Edge\",\"segments\":[]}]}]}";

  @Test
  public void readsExternalTagAndProviderAndWritesThemBack() throws Exception {
    Conversation parsed = ConversationJson.parse(RECORD);
    assertEquals("crm-4711", parsed.getExternalTag());
    assertEquals("Edge", parsed.getParticipants().get(0).getSessions().get(0).getProvider());
    assertEquals(parsed, ConversationJson.parse(ConversationJson.write(parsed)));
  }

  @Test
  public void aRecordWithoutThemHasNone() throws Exception {
    Conversation parsed =
        ConversationJson.parse(RECORD.replace("\"externalTag\":\"crm-4711\",", "")
            .replace("\"provider\":\"Edge\",", ""));
    assertNull(parsed.getExternalTag());
    assertNull(parsed.getParticipants().get(0).getSessions().get(0).getProvider());
  }
}
