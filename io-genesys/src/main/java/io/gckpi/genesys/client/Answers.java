package io.gckpi.genesys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpResponse;
import java.io.IOException;

/** What the client reads from an answer that is not a success, and how it lets one go. */
final class Answers {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Answers() {}

  /** Genesys' {@code message}, else the body (cut at 500 characters), else the status line. */
  static String genesysMessage(HttpResponse response) {
    try {
      String body = response.parseAsString();
      if (body == null || body.isBlank()) {
        return response.getStatusMessage();
      }
      try {
        JsonNode node = MAPPER.readTree(body);
        String message = node.path("message").asText(null);
        return message != null ? message : body;
      } catch (IOException notJson) {
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
      }
    } catch (IOException e) {
      return response.getStatusMessage();
    }
  }

  static void disconnectQuietly(HttpResponse response) {
    try {
      response.disconnect();
    } catch (IOException ignored) {
      // The connection goes back to the pool or is dropped; nothing to do either way.
    }
  }
}
