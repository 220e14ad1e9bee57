package io.gckpi.pipeline.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies gckpi's versioned DDL at start through Flyway, so that a new database, an old one and a
 * concurrent run all end on the same tables. Migrations are the classpath resources {@code
 * db/migration/V<n>__<what>.sql}, never edited once released; Flyway records what it applied in
 * {@code flyway_schema_history} of the run's schema, runs each migration in its own transaction
 * (a failed one leaves the database at the version before it) and holds a PostgreSQL advisory
 * lock while it migrates, so two runs starting together apply each migration once. Running it
 * again changes nothing.
 *
 * <p>Databases created before Flyway recorded their version in {@code gckpi_schema_version}; such
 * a database is baselined at that version on first contact, and only the newer migrations run.
 */
public final class SchemaMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
  static final String LOCATION = "classpath:db/migration";
  private static final String LEGACY_VERSION_TABLE = "gckpi_schema_version";

  private SchemaMigrations() {}

  /** Applies every migration newer than the database's version; returns the version reached. */
  public static int apply(JdbcSettings settings) throws SQLException {
    return apply(settings, null);
  }

  /**
   * Applies the migrations up to {@code target} (every one when null); returns the version
   * reached.
   */
  public static int apply(JdbcSettings settings, @Nullable Integer target)
      throws SQLException {
    FluentConfiguration config = configuration(settings);
    if (target != null) {
      config = config.target(MigrationVersion.fromVersion(String.valueOf(target)));
    }
    Integer legacy = legacyVersion(settings);
    if (legacy != null) {
      config = config.baselineOnMigrate(true)
          .baselineVersion(MigrationVersion.fromVersion(String.valueOf(legacy)))
          .baselineDescription("recorded in " + LEGACY_VERSION_TABLE);
    }
    Flyway flyway = config.load();
    MigrateResult result = flyway.migrate();
    if (result.migrationsExecuted > 0) {
      LOG.info("Applied {} schema migration(s) to {}: now at version {}",
          result.migrationsExecuted, schemaName(settings), result.targetSchemaVersion);
    }
    MigrationVersion current = flyway.info().current().getVersion();
    return Integer.parseInt(current.getVersion());
  }

  private static FluentConfiguration configuration(JdbcSettings settings) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(settings.getUrl());
    if (settings.getUsername() != null) {
      dataSource.setUser(settings.getUsername());
    }
    if (settings.getPassword() != null) {
      dataSource.setPassword(settings.getPassword());
    }
    FluentConfiguration config =
        Flyway.configure(SchemaMigrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(LOCATION)
            .createSchemas(true);
    return settings.getSchema() == null ? config : config.schemas(settings.getSchema());
  }

  /**
   * The version a database migrated before Flyway recorded, when it has no Flyway history yet;
   * null otherwise.
   */
  private static @Nullable Integer legacyVersion(
      JdbcSettings settings) throws SQLException {
    try (Connection connection = settings.openConnection()) {
      String schema = schemaName(settings);
      if (!tableExists(connection, schema, LEGACY_VERSION_TABLE)
          || tableExists(connection, schema, "flyway_schema_history")) {
        return null;
      }
      try (ResultSet rs =
          connection
              .createStatement()
              .executeQuery(
                  "SELECT coalesce(max(version), 0) FROM " + schema + "." + LEGACY_VERSION_TABLE)) {
        rs.next();
        int version = rs.getInt(1);
        return version == 0 ? null : version;
      }
    }
  }

  private static boolean tableExists(Connection connection, String schema, String table)
      throws SQLException {
    try (var statement =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      statement.setString(1, schema);
      statement.setString(2, table);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String schemaName(JdbcSettings settings) {
    return settings.getSchema() == null ? "public" : settings.getSchema();
  }
}
