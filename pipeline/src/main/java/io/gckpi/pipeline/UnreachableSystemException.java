package io.gckpi.pipeline;

/**
 * A system the job depends on (the Genesys API, PostgreSQL, InfluxDB, BigQuery) could not be
 * reached or refused the job: the run cannot go on, and nothing the user passed is malformed.
 * {@link KpiPipeline#main} prints {@link #getMessage()} as one line and exits with
 * {@link #EXIT_CODE}; the cause stays attached for the log. The message names the system and its
 * address and ends with the innermost cause's own words; it never holds a secret (addresses are
 * given as the sinks and connection settings describe themselves, with passwords masked).
 */
public class UnreachableSystemException extends RuntimeException {
  /** The exit code of a run stopped by a system it could not use. */
  public static final int EXIT_CODE = 3;

  public UnreachableSystemException(String what, Throwable cause) {
    super(what + ": " + innermostMessage(cause), cause);
  }

  /**
   * Whether a failure comes from outside the job: a database, network or HTTP error somewhere in
   * its causes (JDBC, I/O, the Genesys client, the gRPC calls of BigQuery's Storage Write API),
   * rather than a fault of the job's own code.
   */
  static boolean isSystemFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException
          || t instanceof java.io.IOException
          || t instanceof io.gckpi.genesys.client.GenesysApiException
          || t instanceof com.google.api.gax.rpc.ApiException
          || t instanceof io.grpc.StatusRuntimeException) {
        return true;
      }
    }
    return false;
  }

  /** The deepest cause's message (its class name where it has none): what actually went wrong. */
  static String innermostMessage(Throwable error) {
    Throwable innermost = error;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    String message = innermost.getMessage();
    return message == null || message.isBlank()
        ? innermost.getClass().getSimpleName()
        : innermost.getClass().getSimpleName() + ": " + message.strip().replace('\n', ' ');
  }
}
