package io.gckpi.genesys.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The three top-level fields of a conversation record that extraction and de-duplication need
 * (id, start, end), read with Jackson's streaming parser while every other field is skipped token
 * by token: no tree, no typed record. The record is parsed into its model once, downstream
 * ({@code ConversationJson}); what cannot be read here is null and is dead-lettered there.
 *
 * @param conversationId the id's text as a JSON tree's {@code asText} gives it, or null
 * @param conversationStart null when absent or not an ISO-8601 instant
 * @param conversationEnd null when absent (still open) or unreadable
 */
public record ConversationKeys(
    @Nullable String conversationId,
    @Nullable Instant conversationStart,
    @Nullable Instant conversationEnd) {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ConversationKeys NONE = new ConversationKeys(null, null, null);

  /** The keys of one record's JSON text; none of them when the text is not a JSON object. */
  public static ConversationKeys of(String json) {
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return NONE;
      }
      return read(parser);
    } catch (IOException e) {
      return NONE;
    }
  }

  /** Reads one record, the parser on its START_OBJECT, and leaves the parser on END_OBJECT. */
  static ConversationKeys read(JsonParser parser) throws IOException {
    String id = null;
    String start = null;
    String end = null;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "conversationId" -> id = text(parser);
        case "conversationStart" -> start = text(parser);
        case "conversationEnd" -> end = text(parser);
        default -> parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IOException("Expected END_OBJECT but found " + token + " at "
          + parser.currentLocation());
    }
    return new ConversationKeys(
        id, DetailsPageParser.parseInstant(start), DetailsPageParser.parseInstant(end));
  }

  /**
   * A field's value as text the way a JSON tree's {@code asText} gives it: a scalar's text
   * ({@code "null"} for null), "" for an object or array (which is skipped).
   */
  private static String text(JsonParser parser) throws IOException {
    JsonToken value = parser.currentToken();
    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
      parser.skipChildren();
      return "";
    }
    return parser.getText();
  }
}
