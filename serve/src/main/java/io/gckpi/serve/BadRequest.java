package io.gckpi.serve;

/**
 * A request the API refuses (400). It names the offending query parameter, so that a client (or a
 * person reading a dashboard's error) knows which field to fix without parsing the message.
 */
final class BadRequest extends Exception {
  private final String parameter;

  BadRequest(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  /** The query parameter at fault, or null when the query string as a whole is malformed. */
  String parameter() {
    return parameter;
  }
}
