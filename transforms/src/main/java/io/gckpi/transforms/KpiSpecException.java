package io.gckpi.transforms;

/** A KPI spec that cannot be used; the message names the file, the line and the field. */
public class KpiSpecException extends IllegalArgumentException {
  public KpiSpecException(String message) {
    super(message);
  }

  public KpiSpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
