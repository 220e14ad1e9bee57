package io.gckpi.pipeline.sink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies gckpi's versioned DDL at start, so that a new database, an old one and a concurrent run
 * all end on the same tables. Migrations are classpath resources {@code db/migration/V<n>__*.sql}
 * listed in order in {@code db/migration/index.txt}; the applied version is kept in {@code
 * gckpi_schema_version}. Each migration runs in its own transaction under an advisory lock, so
 * two runs starting together apply it once. Running it again changes nothing.
 */
public final class SchemaMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
  private static final String INDEX = "db/migration/index.txt";
  private static final long LOCK_KEY = 0x67636b7069L; // "gckpi"

  private SchemaMigrations() {}

  /** Applies every migration newer than the database's version; returns the version reached. */
  public static int apply(JdbcSettings settings) throws SQLException {
    try (Connection connection = settings.openConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        if (settings.getSchema() != null) {
          statement.execute("CREATE SCHEMA IF NOT EXISTS " + settings.getSchema());
        }
        statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
        statement.execute(
            "CREATE TABLE IF NOT EXISTS gckpi_schema_version ("
                + "version integer PRIMARY KEY, name text NOT NULL,"
                + " applied_at timestamptz NOT NULL DEFAULT now())");
        int current = currentVersion(statement);
        List<String> migrations = migrations();
        for (int i = current; i < migrations.size(); i++) {
          String name = migrations.get(i);
          LOG.info("Applying schema migration {} ({})", i + 1, name);
          statement.execute(read("db/migration/" + name));
          statement.execute(
              "INSERT INTO gckpi_schema_version (version, name) VALUES ("
                  + (i + 1) + ", '" + name.replace("'", "''") + "')");
        }
        connection.commit();
        return migrations.size();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static int currentVersion(Statement statement) throws SQLException {
    try (ResultSet rs =
        statement.executeQuery("SELECT coalesce(max(version), 0) FROM gckpi_schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static List<String> migrations() {
    List<String> names = new ArrayList<>();
    for (String line : read(INDEX).split("\n")) {
      String name = line.trim();
      if (!name.isEmpty() && !name.startsWith("#")) {
        names.add(name);
      }
    }
    return names;
  }

  private static String read(String resource) {
    try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema migration resource missing: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
