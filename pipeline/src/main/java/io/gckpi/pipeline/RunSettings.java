package io.gckpi.pipeline;

import io.gckpi.genesys.GenesysIO;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.pipeline.KpiPipelineOptions.Sink;
import io.gckpi.pipeline.KpiPipelineOptions.Source;
import io.gckpi.pipeline.influx.InfluxSettings;
import io.gckpi.pipeline.jdbc.JdbcSettings;
import io.gckpi.pipeline.privacy.AddressHasher;
import io.gckpi.transforms.KpiSpec;
import io.gckpi.transforms.KpiSpecLoader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.options.StreamingOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The job's options, checked and resolved once at launch: every default filled in, every
 * combination checked, and every problem reported as "--option: what is wrong, what to give
 * instead" before a worker starts. Nothing downstream re-reads raw option strings.
 */
public final class RunSettings {
  static final Duration MIN_WINDOW = Duration.ofMinutes(15);
  static final Duration MAX_WINDOW = Duration.ofDays(1);

  private final KpiPipelineOptions options;
  private final Interval interval;
  private final Duration windowSize;
  private final GenesysIO.Mode mode;
  private final Duration trailingHorizon;
  private final String staging;
  private final KpiSpec spec;
  private final Source source;
  private final Sink sink;
  private final @Nullable InfluxSettings influx;
  private final boolean streaming;
  private final Duration earlyFiringPeriod;
  private final Duration pollInterval;
  private final Duration availabilityLag;
  private final Duration progressInterval;
  private final @Nullable AddressHasher addressHasher;

  private RunSettings(KpiPipelineOptions options) {
    this.options = options;
    this.source = required("source", options.getSource());
    this.sink = tableSink(required("sink", options.getSink()));
    this.windowSize = windowSize(required("windowSize", options.getWindowSize()));
    this.influx = InfluxSettings.forRun(options, options.getSink().contains(Sink.INFLUX),
        windowSize, System::getenv);
    this.interval = interval(options, source, windowSize);
    this.mode = required("mode", options.getMode());
    this.trailingHorizon = notNegative("trailingHorizon", options.getTrailingHorizon());
    this.staging =
        options.getStaging() != null ? options.getStaging() : join(options.getOutput(), "raw");
    this.spec = options.getKpiSpec() == null ? KpiSpecLoader.defaults() : loadSpec(options.getKpiSpec());
    checkSource(options, source);
    checkSink(options, sink);
    this.streaming = options.as(StreamingOptions.class).isStreaming();
    this.earlyFiringPeriod = positive("earlyFiringPeriod", options.getEarlyFiringPeriod());
    this.pollInterval = positive("pollInterval", options.getPollInterval());
    this.availabilityLag = notNegative("availabilityLag", options.getAvailabilityLag());
    this.progressInterval = notNegative("progressInterval", options.getProgressInterval());
    if (streaming) {
      checkStreaming();
    }
    if (options.getReconcileTolerance() < 0 || options.getReconcileTolerance() >= 1) {
      throw bad(
          "reconcileTolerance",
          "must be a fraction in [0, 1), e.g. 0.005 for 0.5 %; got "
              + options.getReconcileTolerance());
    }
    if (options.getJobConcurrency() < 1 || options.getJobConcurrency() > 16) {
      throw bad("jobConcurrency", "must be 1 to 16; got " + options.getJobConcurrency());
    }
    if (options.getReReads() < 0 || options.getReReads() > 9) {
      throw bad("reReads", "must be 0 to 9; got " + options.getReReads());
    }
    if (options.getAggregateSizing() < 0) {
      throw bad("aggregateSizing",
          "must be 0 (off) or a number of conversations per read; got "
              + options.getAggregateSizing());
    }
    if (options.getAggregateSizing() > 0 && windowSize.compareTo(Duration.ofHours(1)) < 0) {
      throw bad("aggregateSizing",
          "plans windows by half hours: --windowSize must be PT1H or more; got " + windowSize);
    }
    this.addressHasher =
        AddressHasher.forRun(options.getHashAddresses(), options.getHashKey(), System::getenv);
    if (options.getRateLimitPerMinute() <= 0) {
      throw bad("rateLimitPerMinute", "must be positive; got " + options.getRateLimitPerMinute());
    }
  }

  /** Checks and resolves {@code options}; throws {@link IllegalArgumentException} naming the bad one. */
  public static RunSettings of(KpiPipelineOptions options) {
    return new RunSettings(options);
  }

  public KpiPipelineOptions options() {
    return options;
  }

  public Source source() {
    return source;
  }

  public Sink sink() {
    return sink;
  }

  /** The InfluxDB points of {@code --sink=...,influx}; null without influx. */
  public @Nullable InfluxSettings influx() {
    return influx;
  }

  public Interval interval() {
    return interval;
  }

  /**
   * Whether the interval is the input's own: a {@code --source=raw} run given no {@code
   * --interval} or {@code --date} reads whatever its files hold, so the day the interval defaults
   * to says nothing about them.
   */
  public boolean intervalFromInput() {
    return source == Source.RAW && options.getInterval() == null && options.getDate() == null;
  }

  public Duration windowSize() {
    return windowSize;
  }

  public GenesysIO.Mode mode() {
    return mode;
  }

  public Duration trailingHorizon() {
    return trailingHorizon;
  }

  /** Where raw NDJSON is staged per window. */
  public String staging() {
    return staging;
  }

  public KpiSpec spec() {
    return spec;
  }

  public boolean readsApi() {
    return source != Source.RAW;
  }

  /** Reconciliation needs the aggregates API, so it only runs for API sources (batch runs). */
  public boolean reconciles() {
    return options.getReconcile() && readsApi() && !streaming;
  }

  /** {@code --streaming}: follow the present with the unbounded read ({@link StreamingKpiTables}). */
  public boolean streaming() {
    return streaming;
  }

  public Duration earlyFiringPeriod() {
    return earlyFiringPeriod;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public Duration availabilityLag() {
    return availabilityLag;
  }

  public Duration progressInterval() {
    return progressInterval;
  }

  /** {@code --hashAddresses}: what replaces addresses by their keyed hash; null when off. */
  public @Nullable AddressHasher addressHasher() {
    return addressHasher;
  }

  /** What a streaming run cannot do, refused before anything starts. */
  private void checkStreaming() {
    if (!readsApi()) {
      throw bad("streaming", "follows the Genesys API; --source=raw is for batch runs");
    }
    if (sink != Sink.JDBC || influx != null) {
      throw bad("streaming", "writes upserts to PostgreSQL only: use --sink=jdbc (the files sink"
          + " writes whole tables once and the BigQuery and InfluxDB sinks are batch-only for now)");
    }
    if (spec.fcr().repeatContactDays() != null) {
      throw bad("streaming", "the spec's fcr.repeatContactDays looks ahead across days, which the"
          + " day windows of a stream cannot; compute it with a batch run");
    }
  }

  private static Duration positive(String option, @Nullable Duration value) {
    if (required(option, value).isZero() || value.isNegative()) {
      throw bad(option, "must be positive; got " + value);
    }
    return value;
  }

  private static Duration notNegative(String option, @Nullable Duration value) {
    if (required(option, value).isNegative()) {
      throw bad(option, "must not be negative (PT0S for none); got " + value);
    }
    return value;
  }

  private static <T> T required(String option, @Nullable T value) {
    if (value == null) {
      throw bad(option, "must be given a value");
    }
    return value;
  }

  public @Nullable JdbcSettings jdbc() {
    if (options.getJdbcUrl() == null) {
      return null;
    }
    return JdbcSettings.of(options.getJdbcUrl())
        .withCredentials(options.getJdbcUser(), jdbcPassword())
        .withSchema(options.getJdbcSchema())
        .withMaxConnections(options.getJdbcMaxConnections());
  }

  private @Nullable String jdbcPassword() {
    return options.getJdbcPassword() != null
        ? options.getJdbcPassword()
        : System.getenv("PGPASSWORD");
  }

  /**
   * The connection to the API. For the emulator, {@code emulatorBaseUrl} is where the launcher
   * started it, and the demo client is used.
   */
  public ConnectionSettings connection(@Nullable String emulatorBaseUrl, String demoId,
      String demoSecret) {
    ConnectionSettings settings;
    if (source == Source.EMULATOR) {
      // The emulator finishes a job in a fraction of a second: poll it accordingly.
      settings =
          ConnectionSettings.forBaseUrl(emulatorBaseUrl)
              .withCredentials(demoId, demoSecret)
              .withJobPollInterval(Duration.ofMillis(200));
    } else {
      settings =
          options.getApiBaseUrl() != null
              ? ConnectionSettings.forBaseUrl(options.getApiBaseUrl())
              : ConnectionSettings.forRegion(options.getGenesysRegion());
      if (options.getClientId() != null) {
        settings = settings.withCredentials(options.getClientId(), options.getClientSecret());
      } else if (options.getCredentialsFile() != null) {
        settings = settings.withCredentialsFile(options.getCredentialsFile());
      } else {
        settings = settings.withCredentialsFromEnvironment();
      }
    }
    return settings.withRateLimitPerMinute(options.getRateLimitPerMinute());
  }

  /** The emulator's data set: one day per day of the interval, from its first day. */
  public EmulatorConfig emulatorConfig() {
    LocalDate first = LocalDate.ofInstant(interval.start(), ZoneOffset.UTC);
    LocalDate last = LocalDate.ofInstant(interval.end().minusMillis(1), ZoneOffset.UTC);
    return EmulatorConfig.builder()
        .setSeed(options.getEmulatorSeed())
        .setStartDate(first)
        .setDays((int) (last.toEpochDay() - first.toEpochDay()) + 1)
        .setConversationsPerDay(options.getEmulatorVolume())
        .build();
  }

  private static Duration windowSize(Duration size) {
    String text = size.toString();
    if (size.compareTo(MIN_WINDOW) < 0 || size.compareTo(MAX_WINDOW) > 0) {
      throw bad("windowSize", "must be between PT15M and P1D; got " + text);
    }
    if (MAX_WINDOW.toMillis() % size.toMillis() != 0) {
      throw bad(
          "windowSize",
          "must divide a day evenly (PT15M, PT30M, PT1H, PT2H, PT3H, PT4H, PT6H, PT8H, PT12H,"
              + " P1D) so that windows of different runs line up; got "
              + text);
    }
    return size;
  }

  private static Interval interval(
      KpiPipelineOptions options, Source source, Duration windowSize) {
    Interval interval;
    if (options.getInterval() != null) {
      try {
        interval = Interval.parse(options.getInterval());
      } catch (RuntimeException e) {
        throw bad("interval", "expected START/END in ISO-8601 UTC, e.g."
            + " 2024-01-15T00:00:00Z/2024-01-16T00:00:00Z; " + e.getMessage());
      }
    } else {
      LocalDate date;
      if (options.getDate() != null) {
        try {
          date = LocalDate.parse(options.getDate());
        } catch (DateTimeParseException e) {
          throw bad("date", "expected yyyy-MM-dd; got " + options.getDate());
        }
      } else if (source == Source.EMULATOR) {
        date = EmulatorConfig.defaults().startDate();
      } else {
        date = LocalDate.now(ZoneOffset.UTC).minusDays(1);
      }
      Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
      interval = new Interval(start, start.plus(Duration.ofDays(1)));
    }
    long size = windowSize.toMillis();
    if (interval.start().toEpochMilli() % size != 0 || interval.end().toEpochMilli() % size != 0) {
      throw bad(
          options.getInterval() != null ? "interval" : "date",
          "must start and end on a multiple of --windowSize ("
              + windowSize
              + ") in UTC, so that every run cuts the same windows; got "
              + interval);
    }
    return interval;
  }

  /** The one table sink of the list, which may also name influx. */
  private static Sink tableSink(List<Sink> sinks) {
    List<Sink> tables = sinks.stream().filter(sink -> sink != Sink.INFLUX).distinct().toList();
    if (tables.size() != 1) {
      throw bad("sink", "name one table sink (files, jdbc or bigquery), optionally with influx"
          + " for the hourly AHT points, e.g. files,influx; got "
          + sinks.toString().toLowerCase(Locale.ROOT));
    }
    return tables.get(0);
  }

  private static KpiSpec loadSpec(String location) {
    try {
      return KpiSpecLoader.load(location);
    } catch (RuntimeException e) {
      throw bad("kpiSpec", e.getMessage());
    }
  }

  private static void checkSource(KpiPipelineOptions options, Source source) {
    switch (source) {
      case RAW -> {
        if (options.getInput() == null && options.getStaging() == null) {
          throw bad("input", "--source=raw needs --input=GLOB (NDJSON, plain or .gz) or"
              + " --staging=DIR of an earlier run");
        }
      }
      case GENESYS -> {
        if (options.getApiBaseUrl() == null && options.getGenesysRegion() == null) {
          throw bad("genesysRegion", "--source=genesys needs --genesysRegion=DOMAIN (e.g. mypurecloud.ie) or"
              + " --apiBaseUrl=URL");
        }
        if (options.getClientId() != null && options.getClientSecret() == null) {
          throw bad("clientSecret", "--clientId was given without --clientSecret");
        }
        boolean environment =
            System.getenv("GENESYS_CLIENT_ID") != null
                && System.getenv("GENESYS_CLIENT_SECRET") != null;
        if (options.getClientId() == null && options.getCredentialsFile() == null
            && !environment) {
          throw bad("clientId", "--source=genesys needs credentials: --clientId and"
              + " --clientSecret, --credentialsFile, or GENESYS_CLIENT_ID and"
              + " GENESYS_CLIENT_SECRET in the environment");
        }
      }
      case EMULATOR -> {
        if (options.getEmulatorVolume() <= 0) {
          throw bad("emulatorVolume", "must be positive; got " + options.getEmulatorVolume());
        }
      }
    }
  }

  private static void checkSink(KpiPipelineOptions options, Sink sink) {
    if (sink == Sink.JDBC && options.getJdbcUrl() == null) {
      throw bad("jdbcUrl", "--sink=jdbc needs --jdbcUrl=jdbc:postgresql://HOST:PORT/DB");
    }
    if (sink == Sink.JDBC && options.getJdbcMaxConnections() < 1) {
      throw bad("jdbcMaxConnections", "must be positive; got " + options.getJdbcMaxConnections());
    }
    if (sink == Sink.BIGQUERY
        && (options.getBigQueryDataset() == null
            || !options.getBigQueryDataset().matches("[\\w.:-]+:[\\w]+"))) {
      throw bad("bigQueryDataset", "--sink=bigquery needs --bigQueryDataset=PROJECT:DATASET; got "
          + options.getBigQueryDataset());
    }
  }

  static String join(String directory, String name) {
    return directory.endsWith("/") ? directory + name : directory + "/" + name;
  }

  private static IllegalArgumentException bad(String option, String message) {
    return new IllegalArgumentException("--" + option + ": " + message);
  }
}
