package io.gckpi.genesys.model;

/**
 * A conversation record that cannot be typed. {@link #getReason()} is a stable code for the
 * malformed dead letter (INVALID_JSON, MISSING_CONVERSATION_ID, MISSING_CONVERSATION_START,
 * BAD_TIMESTAMP); the message says which field and value.
 */
public class MalformedConversationException extends Exception {
  public static final String INVALID_JSON = "INVALID_JSON";
  public static final String MISSING_CONVERSATION_ID = "MISSING_CONVERSATION_ID";
  public static final String MISSING_CONVERSATION_START = "MISSING_CONVERSATION_START";
  public static final String BAD_TIMESTAMP = "BAD_TIMESTAMP";

  private final String reason;

  public MalformedConversationException(String reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public String getReason() {
    return reason;
  }
}
