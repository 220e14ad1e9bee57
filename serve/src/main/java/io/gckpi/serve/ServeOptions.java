package io.gckpi.serve;

/**
 * Options of {@link KpiServer}, given as {@code --name=value}. An empty value keeps the default,
 * because make passes unset variables through as empty strings.
 *
 * @param host the address to listen on; loopback by default, since the API has no authentication
 * @param port 0 picks a free port (the tests use it)
 */
public record ServeOptions(
    String host, int port, String jdbcUrl, String jdbcUser, String jdbcPassword,
    String jdbcSchema) {

  static final String USAGE =
      "options: --jdbcUrl=jdbc:postgresql://HOST:PORT/DB (required) [--jdbcUser=] [--jdbcPassword=]"
          + " [--jdbcSchema=public] [--port=8080] [--host=127.0.0.1]";

  public static ServeOptions defaults() {
    return new ServeOptions("127.0.0.1", 8080, null, null, null, "public");
  }

  /** Parses command-line options; throws IllegalArgumentException naming a bad one. */
  public static ServeOptions parse(String... args) {
    ServeOptions options = defaults();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      if (value.isEmpty()) {
        continue;
      }
      options = switch (name) {
        case "host" -> options.withHost(value);
        case "port" -> options.withPort(port(value));
        case "jdbcUrl" -> options.withJdbc(value, options.jdbcUser, options.jdbcPassword);
        case "jdbcUser" -> options.withJdbc(options.jdbcUrl, value, options.jdbcPassword);
        case "jdbcPassword" -> options.withJdbc(options.jdbcUrl, options.jdbcUser, value);
        case "jdbcSchema" -> options.withSchema(value);
        default -> throw new IllegalArgumentException("unknown option --" + name);
      };
    }
    if (options.jdbcUrl == null) {
      throw new IllegalArgumentException("--jdbcUrl is required");
    }
    return options;
  }

  public ServeOptions withHost(String host) {
    return new ServeOptions(host, port, jdbcUrl, jdbcUser, jdbcPassword, jdbcSchema);
  }

  public ServeOptions withPort(int port) {
    return new ServeOptions(host, port, jdbcUrl, jdbcUser, jdbcPassword, jdbcSchema);
  }

  public ServeOptions withJdbc(String url, String user, String password) {
    return new ServeOptions(host, port, url, user, password, jdbcSchema);
  }

  public ServeOptions withSchema(String schema) {
    return new ServeOptions(host, port, jdbcUrl, jdbcUser, jdbcPassword, schema);
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535; got " + value);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "ServeOptions{host=" + host + ", port=" + port + ", jdbcUrl="
        + Database.redact(jdbcUrl)
        + ", jdbcUser=" + jdbcUser + ", jdbcSchema=" + jdbcSchema + "}";
  }
}
