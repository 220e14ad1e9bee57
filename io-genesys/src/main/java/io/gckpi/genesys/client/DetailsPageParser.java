package io.gckpi.genesys.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.client.GenesysApi.FetchedConversation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a detail page ({@code {conversations[], cursor?, dataAvailabilityDate?, totalHits?}}) from
 * a stream, one conversation at a time: only one conversation's tree is in memory beside the list
 * of raw texts already read, however large the page. Each conversation keeps its full JSON text for
 * staging and only the three fields extraction needs are read out. Unknown fields are skipped. A
 * page that is truncated or not JSON throws, so a partial page is never taken as whole.
 */
final class DetailsPageParser {

  /** What one page holds; {@code cursor}, {@code dataAvailabilityDate} may be null. */
  record Page(
      List<FetchedConversation> conversations,
      String cursor,
      Instant dataAvailabilityDate,
      long totalHits) {}

  private final ObjectMapper mapper;

  DetailsPageParser(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  Page parse(InputStream in) throws IOException {
    List<FetchedConversation> conversations = new ArrayList<>();
    String cursor = null;
    Instant availability = null;
    long totalHits = -1;
    try (JsonParser parser = mapper.getFactory().createParser(in)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "conversations" -> {
            expect(value, JsonToken.START_ARRAY, parser);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              conversations.add(readConversation(parser));
            }
            expect(parser.currentToken(), JsonToken.END_ARRAY, parser);
          }
          case "cursor" -> cursor = value == JsonToken.VALUE_NULL ? null : parser.getText();
          case "dataAvailabilityDate" -> availability = parseInstant(parser.getValueAsString());
          case "totalHits" -> totalHits = parser.getValueAsLong(-1);
          default -> parser.skipChildren();
        }
      }
      expect(token, JsonToken.END_OBJECT, parser);
      if (parser.nextToken() != null) {
        throw new IOException("Unexpected content after the page's closing brace");
      }
    }
    return new Page(List.copyOf(conversations), cursor, availability, totalHits);
  }

  private FetchedConversation readConversation(JsonParser parser) throws IOException {
    JsonNode node = mapper.readTree(parser);
    if (node == null) {
      throw new IOException("Conversation object ended early");
    }
    return new FetchedConversation(
        node.path("conversationId").asText(null),
        parseInstant(node.path("conversationStart").asText(null)),
        parseInstant(node.path("conversationEnd").asText(null)),
        mapper.writeValueAsString(node));
  }

  /** An unreadable timestamp is null here: parsing downstream dead-letters the record. */
  static Instant parseInstant(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static void expect(JsonToken actual, JsonToken expected, JsonParser parser)
      throws IOException {
    if (actual != expected) {
      throw new IOException(
          "Malformed page: expected "
              + expected
              + " but found "
              + (actual == null ? "end of input" : actual)
              + " at "
              + parser.currentLocation());
    }
  }
}
