package io.gckpi.pipeline.privacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.Session;
import java.util.Map;
import org.junit.Test;

/**
 * The keyed hash against HMAC-SHA256 computed outside Java ({@code printf %s VALUE | openssl dgst
 * -sha256 -hmac KEY}), and what of a record it replaces.
 */
public class AddressHasherTest {
  private static final String KEY = "a-test-key-of-32-characters-long";
  private static final String ANI =
      "hmac:02918e376b62f82271b508602f03cc24ed52d4d837314c6b3ca2a466e70a2ff6";
  private static final String DNIS =
      "hmac:8b1cc1e5057972bea8e9d86d780cb1942ceb207e6bb1d93f4359ed1fe5813ed3";
  private static final String NAME =
      "hmac:461273fde64fd6e7f4ff5406c243dbe271db754cc47bc6366c32df25df6bca2c";

  private static final String RECORD =
      "{\"conversationId\":\"c-1\",\"conversationStart\":\"2024-01-15T10:00:00.000Z\","
          + "\"mediaStatsMinConversationMos\":4.38,\"participants\":[{\"participantId\":\"p-1\","
          + "\"participantName\":\"Alice Caller\",\"purpose\":\"customer\",\"sessions\":[{"
          + "\"sessionId\":\"s-1\",\"mediaType\":\"voice\",\"ani\":\"tel:+15550001\","
          + "\"dnis\":\"tel:+18005550100\",\"remote\":\"Alice Caller\","
          + "\"callbackNumbers\":[\"tel:+15550001\"],\"peerId\":\"s-2\",\"segments\":[]}]}]}";

  private final AddressHasher hasher = AddressHasher.withKey(KEY);

  @Test
  public void hashesAsHmacSha256OfTheKeyAndLeavesAHashAsItIs() {
    assertEquals(ANI, hasher.hash("tel:+15550001"));
    assertEquals(DNIS, hasher.hash("tel:+18005550100"));
    assertEquals(NAME, hasher.hash("Alice Caller"));
    assertEquals(ANI, hasher.hash(ANI));
    assertNull(hasher.hash(null));
    // Another key, other hashes: nobody without the key can test a guessed number.
    assertThat(AddressHasher.withKey(KEY + "!").hash("tel:+15550001"), not(ANI));
  }

  @Test
  public void theRawRecordKeepsEverythingButItsAddresses() throws Exception {
    JsonNode hashed = new ObjectMapper().readTree(hasher.hashJson(RECORD));
    JsonNode participant = hashed.path("participants").get(0);
    JsonNode session = participant.path("sessions").get(0);
    assertEquals(NAME, participant.path("participantName").asText());
    assertEquals(ANI, session.path("ani").asText());
    assertEquals(DNIS, session.path("dnis").asText());
    assertEquals(NAME, session.path("remote").asText());
    assertEquals(ANI, session.path("callbackNumbers").get(0).asText());
    // Ids and everything gckpi does not know stay as they were.
    assertEquals("s-2", session.path("peerId").asText());
    assertEquals("p-1", participant.path("participantId").asText());
    assertEquals(4.38, hashed.path("mediaStatsMinConversationMos").asDouble(), 0);
    assertThat(hashed.toString(), not(containsString("5550001")));
    // Hashing the hashed text again changes nothing.
    assertEquals(hashed.toString(), hasher.hashJson(hashed.toString()));
  }

  @Test
  public void aRecordThatIsNotJsonKeepsNoneOfItsText() {
    String hashed = hasher.hashJson("{\"conversationId\":\"c-1\",\"ani\":\"tel:+15550001\"");
    assertThat(hashed, not(containsString("5550001")));
    assertThat(hashed, containsString("unreadable record hmac:"));
  }

  @Test
  public void theParsedRecordHashesTheSameAsTheRawOne() throws Exception {
    Conversation fromRaw = ConversationJson.parse(hasher.hashJson(RECORD));
    Conversation fromParsed = hasher.hashConversation(ConversationJson.parse(RECORD));
    assertEquals(fromRaw, fromParsed);
    Session session = fromParsed.getParticipants().get(0).getSessions().get(0);
    assertEquals(ANI, session.getAni());
    assertEquals(DNIS, session.getDnis());
    assertEquals(NAME, fromParsed.getParticipants().get(0).getParticipantName());
  }

  @Test
  public void theFlagWithoutAKeyIsRefusedAndTheKeyComesFromTheOptionOrTheEnvironment() {
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class,
            () -> AddressHasher.forRun(true, null, Map.<String, String>of()::get));
    assertThat(missing.getMessage(), containsString("--hashAddresses: needs a key"));
    assertThat(missing.getMessage(), containsString("GCKPI_HASH_KEY"));
    assertThat(
        assertThrows(IllegalArgumentException.class,
            () -> AddressHasher.forRun(true, "short", Map.<String, String>of()::get)).getMessage(),
        containsString("at least 16 characters"));
    assertThat(
        assertThrows(IllegalArgumentException.class,
            () -> AddressHasher.forRun(false, KEY, Map.<String, String>of()::get)).getMessage(),
        containsString("--hashKey: given without --hashAddresses"));
    assertNull(AddressHasher.forRun(false, null, Map.of("GCKPI_HASH_KEY", KEY)::get));
    assertEquals(ANI, AddressHasher.forRun(true, null, Map.of("GCKPI_HASH_KEY", KEY)::get)
        .hash("tel:+15550001"));
    assertEquals(ANI, AddressHasher.forRun(true, KEY, Map.of("GCKPI_HASH_KEY", "x".repeat(20))::get)
        .hash("tel:+15550001"));
    assertThat(AddressHasher.withKey(KEY).toString(), not(containsString(KEY)));
  }
}
