package io.gckpi.genesys.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.client.GenesysApi.FetchedConversation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a detail page ({@code {conversations[], cursor?, dataAvailabilityDate?, totalHits?}}) with
 * Jackson's streaming parser and cuts it into each conversation's own text: the bytes of the
 * record's object exactly as the API sent them, so that staging keeps what Genesys returned and
 * the job parses each record once, downstream. No conversation becomes a tree here; only the
 * three top-level fields extraction needs (id, start, end) are read out on the way, everything
 * else is skipped token by token. Unknown fields are kept in the text and skipped here. A page
 * that is truncated or not JSON throws, so a partial page is never taken as whole.
 *
 * <p>Line breaks between a record's tokens (a pretty-printed response) become spaces: JSON allows
 * them only as insignificant whitespace, and staging holds one record per line.
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
    // The page's bytes stay in memory while it is cut: a record's text is a slice of them.
    byte[] body = in.readAllBytes();
    List<FetchedConversation> conversations = new ArrayList<>();
    String cursor = null;
    Instant availability = null;
    long totalHits = -1;
    try (JsonParser parser = mapper.getFactory().createParser(body)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "conversations" -> {
            expect(value, JsonToken.START_ARRAY, parser);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              conversations.add(readConversation(parser, body));
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

  /** Reads one conversation object, the parser on its START_OBJECT, and leaves it on END_OBJECT. */
  private static FetchedConversation readConversation(JsonParser parser, byte[] body)
      throws IOException {
    int from = (int) parser.currentTokenLocation().getByteOffset();
    ConversationKeys keys = ConversationKeys.read(parser);
    int to = (int) parser.currentTokenLocation().getByteOffset() + 1;
    return new FetchedConversation(keys.conversationId(), keys.conversationStart(),
        keys.conversationEnd(), oneLine(body, from, to));
  }

  private static String oneLine(byte[] body, int from, int to) {
    for (int i = from; i < to; i++) {
      if (body[i] == '\n' || body[i] == '\r') {
        byte[] copy = java.util.Arrays.copyOfRange(body, from, to);
        for (int j = 0; j < copy.length; j++) {
          if (copy[j] == '\n' || copy[j] == '\r') {
            copy[j] = ' ';
          }
        }
        return new String(copy, StandardCharsets.UTF_8);
      }
    }
    return new String(body, from, to - from, StandardCharsets.UTF_8);
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
