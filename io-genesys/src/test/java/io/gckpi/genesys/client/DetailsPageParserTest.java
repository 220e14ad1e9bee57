package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.client.GenesysApi.FetchedConversation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.Test;

public class DetailsPageParserTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private final DetailsPageParser parser = new DetailsPageParser(mapper);

  private static final String FIRST =
      "{\"conversationId\":\"c-1\",\"conversationStart\":\"2024-03-01T10:00:00.000Z\","
          + "\"conversationEnd\":\"2024-03-01T10:05:30.250Z\",\"originatingDirection\":\"inbound\","
          + "\"participants\":[{\"purpose\":\"customer\",\"sessions\":[{\"mediaType\":\"voice\","
          + "\"segments\":[{\"segmentType\":\"ivr\",\"futureField\":{\"a\":[1,2]}}]}]}]}";
  private static final String OPEN =
      "{\"conversationId\":\"c-2\",\"conversationStart\":\"2024-03-01T23:59:59.999Z\","
          + "\"participants\":[]}";
  private static final String BAD_TIME =
      "{\"conversationId\":\"c-3\",\"conversationStart\":\"yesterday\",\"participants\":[]}";

  private DetailsPageParser.Page parse(String json) throws IOException {
    return parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  public void readsEveryConversationWithItsRawTextAndKeyFields() throws Exception {
    String page =
        "{\"unknownTop\":{\"x\":[{}]},\"conversations\":["
            + FIRST
            + ","
            + OPEN
            + ","
            + BAD_TIME
            + "],\"cursor\":\"abc==\",\"dataAvailabilityDate\":\"2024-03-02T00:00:00Z\","
            + "\"totalHits\":3}";
    DetailsPageParser.Page parsed = parse(page);

    assertEquals(3, parsed.conversations().size());
    FetchedConversation first = parsed.conversations().get(0);
    assertEquals("c-1", first.conversationId());
    assertEquals(Instant.parse("2024-03-01T10:00:00Z"), first.conversationStart());
    assertEquals(Instant.parse("2024-03-01T10:05:30.250Z"), first.conversationEnd());
    // The raw text is the whole record as sent, unknown fields included, byte for byte.
    assertEquals(FIRST, first.rawJson());

    FetchedConversation open = parsed.conversations().get(1);
    assertEquals("c-2", open.conversationId());
    assertNull(open.conversationEnd());

    FetchedConversation badTime = parsed.conversations().get(2);
    assertEquals("c-3", badTime.conversationId());
    assertNull(badTime.conversationStart());
    assertEquals(BAD_TIME, badTime.rawJson());

    assertEquals("abc==", parsed.cursor());
    assertEquals(Instant.parse("2024-03-02T00:00:00Z"), parsed.dataAvailabilityDate());
    assertEquals(3, parsed.totalHits());
  }

  @Test
  public void theLastPageHasNoCursorAndAnEmptyPageMayOmitConversations() throws Exception {
    DetailsPageParser.Page last = parse("{\"conversations\":[" + OPEN + "]}");
    assertNull(last.cursor());
    assertEquals(1, last.conversations().size());

    DetailsPageParser.Page empty = parse("{\"totalHits\":0}");
    assertEquals(0, empty.conversations().size());
    assertEquals(0, empty.totalHits());
  }

  @Test
  public void aRecordKeepsItsOwnSpellingAndLineBreaksBecomeSpaces() throws Exception {
    String spelled =
        "{ \"conversationId\" : \"c-\u00e9\\u00e9\", \"n\":1.50e+1,\r\n"
            + "  \"conversationStart\":\"2024-03-01T10:00:00Z\",\n\"participants\":[ ] }";
    DetailsPageParser.Page parsed =
        parse("{\n\"conversations\" : [\n" + spelled + "\n]\n}\n");

    FetchedConversation only = parsed.conversations().get(0);
    assertEquals("c-\u00e9\u00e9", only.conversationId());
    assertEquals(Instant.parse("2024-03-01T10:00:00Z"), only.conversationStart());
    assertEquals(spelled.replace('\r', ' ').replace('\n', ' '), only.rawJson());
    assertEquals(mapper.readTree(spelled), mapper.readTree(only.rawJson()));
  }

  @Test
  public void aTruncatedPageIsAnErrorNotAShorterPage() {
    String whole = "{\"conversations\":[" + FIRST + "," + OPEN + "],\"cursor\":\"n\"}";
    for (int cut :
        new int[] {
          whole.length() - 1, whole.indexOf(OPEN) + 10, whole.indexOf(OPEN), FIRST.length() / 2, 1
        }) {
      String truncated = whole.substring(0, cut);
      assertThrows("cut at " + cut, IOException.class, () -> parse(truncated));
    }
  }

  @Test
  public void malformedPagesAreErrors() {
    assertThrows(IOException.class, () -> parse("[]"));
    assertThrows(IOException.class, () -> parse("{\"conversations\":{}}"));
    assertThrows(IOException.class, () -> parse("{\"conversations\":[1]}"));
    assertThrows(IOException.class, () -> parse("{\"conversations\":[]} trailing"));
    IOException e = assertThrows(IOException.class, () -> parse(""));
    assertTrue(e.getMessage(), e.getMessage().contains("end of input"));
  }
}
