package io.gckpi.pipeline.jdbc;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where and how gckpi writes to PostgreSQL. One place builds every connection so that the
 * pipeline's JdbcIO writes, the schema migrations and the ledger all see the same database, schema
 * and driver settings.
 *
 * <p>Two driver properties matter: {@code reWriteBatchedInserts=true} turns a JDBC batch of
 * upserts into multi-row statements (several times faster), and {@code stringtype=unspecified}
 * lets text parameters bind to {@code date} and {@code timestamptz} columns without casts in every
 * statement. A multi-row upsert may not touch one key twice ("ON CONFLICT DO UPDATE command cannot
 * affect row a second time"), so a write whose batches can hold two rows of one key (a stream's
 * successive panes) turns the rewrite off: {@link #withBatchRewrite}.
 */
@AutoValue
public abstract class JdbcSettings implements Serializable {
  static final String DRIVER = "org.postgresql.Driver";
  static final String DRIVER_PROPERTIES = "reWriteBatchedInserts=true;stringtype=unspecified";
  static final String DRIVER_PROPERTIES_NO_REWRITE =
      "reWriteBatchedInserts=false;stringtype=unspecified";

  public abstract String getUrl();

  public abstract @Nullable String getUsername();

  public abstract @Nullable String getPassword();

  /** Schema (search_path) for every table; null means the database default ("public"). */
  public abstract @Nullable String getSchema();

  public abstract int getMaxConnections();

  /** Whether a JDBC batch goes as multi-row statements (default true). */
  public abstract boolean isBatchRewrite();

  public static JdbcSettings of(String url) {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--jdbcUrl must be a PostgreSQL JDBC URL such as"
              + " jdbc:postgresql://127.0.0.1:5432/gckpi; got: " + url);
    }
    return new AutoValue_JdbcSettings.Builder().setUrl(url).setMaxConnections(4)
        .setBatchRewrite(true).build();
  }

  abstract Builder toBuilder();

  public JdbcSettings withCredentials(@Nullable String username, @Nullable String password) {
    return toBuilder().setUsername(username).setPassword(password).build();
  }

  public JdbcSettings withSchema(@Nullable String schema) {
    if (schema != null && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          "--jdbcSchema must be a lower-case SQL identifier ([a-z_][a-z0-9_]*); got: " + schema);
    }
    return toBuilder().setSchema(schema).build();
  }

  public JdbcSettings withMaxConnections(int maxConnections) {
    return toBuilder().setMaxConnections(maxConnections).build();
  }

  /**
   * With {@code false}, a JDBC batch goes as single-row statements in order, so two rows of one
   * key in a batch are two upserts, the later winning.
   */
  public JdbcSettings withBatchRewrite(boolean rewrite) {
    return toBuilder().setBatchRewrite(rewrite).build();
  }

  private String driverProperties() {
    return isBatchRewrite() ? DRIVER_PROPERTIES : DRIVER_PROPERTIES_NO_REWRITE;
  }

  /** For JdbcIO: a pooled data source per worker, shared by every write of the same settings. */
  public SerializableFunction<Void, javax.sql.DataSource> dataSourceProvider() {
    JdbcIO.DataSourceConfiguration config =
        JdbcIO.DataSourceConfiguration.create(DRIVER, getUrl())
            .withConnectionProperties(driverProperties())
            .withMaxConnections(getMaxConnections())
            .withConnectionInitSqls(initSqls());
    if (getUsername() != null) {
      config = config.withUsername(getUsername());
    }
    if (getPassword() != null) {
      config = config.withPassword(getPassword());
    }
    return JdbcIO.PoolableDataSourceProvider.of(config);
  }

  /**
   * A plain connection for set-up work (migrations, ledger reads, clearing a window's rows), with
   * the same settings. It asks the PostgreSQL driver directly, not {@code DriverManager}: on a
   * Flink TaskManager the driver lives in the job's class loader, which DriverManager does not
   * search, so a fresh or restarted TaskManager would find "no suitable driver".
   */
  public Connection openConnection() throws SQLException {
    Properties properties = new Properties();
    for (String pair : driverProperties().split(";")) {
      String[] kv = pair.split("=", 2);
      properties.setProperty(kv[0], kv[1]);
    }
    if (getUsername() != null) {
      properties.setProperty("user", getUsername());
    }
    if (getPassword() != null) {
      properties.setProperty("password", getPassword());
    }
    Connection connection = new org.postgresql.Driver().connect(getUrl(), properties);
    try (var statement = connection.createStatement()) {
      for (String sql : initSqls()) {
        statement.execute(sql);
      }
    }
    return connection;
  }

  private List<String> initSqls() {
    return getSchema() == null ? List.of() : List.of("SET search_path TO " + getSchema());
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "JdbcSettings{url=" + getUrl().replaceAll("password=[^&;]*", "password=***")
        + ", username=" + getUsername() + ", schema=" + getSchema() + "}";
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setUrl(String url);

    abstract Builder setUsername(@Nullable String username);

    abstract Builder setPassword(@Nullable String password);

    abstract Builder setSchema(@Nullable String schema);

    abstract Builder setMaxConnections(int maxConnections);

    abstract Builder setBatchRewrite(boolean rewrite);

    abstract JdbcSettings build();
  }
}
