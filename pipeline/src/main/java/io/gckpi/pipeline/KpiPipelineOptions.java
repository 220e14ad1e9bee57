package io.gckpi.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.gckpi.genesys.GenesysIO;
import io.gckpi.pipeline.influx.InfluxSinkOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Every option of the KPI job. Defaults make the job run with no arguments at all: the built-in
 * emulator as the source, one day, files into ./out. {@link RunSettings} checks
 * the combinations and names the bad option.
 *
 * <p>Options are typed where Beam can parse them: enums (in any case, {@code --source=raw}), the
 * sink as a comma list of enums, and ISO-8601 durations as {@link Duration} (Beam's option parser
 * reads them through the Jackson JSR-310 module on the class path). A value Beam cannot parse is
 * reported by {@link OptionErrors} as one line naming the option.
 */
public interface KpiPipelineOptions extends PipelineOptions, InfluxSinkOptions {

  /** Where conversations come from. */
  enum Source {
    /** The live Genesys Cloud API (or any API-compatible endpoint via --apiBaseUrl). */
    GENESYS,
    /** The built-in emulator, started in-process: no credentials needed. */
    EMULATOR,
    /** Staged raw NDJSON from an earlier run (--input): recompute without the API. */
    RAW;

    @JsonCreator
    public static Source parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** Where tables go: one table sink, optionally with {@link #INFLUX} for the hourly points. */
  enum Sink {
    FILES,
    JDBC,
    BIGQUERY,
    /** Not a table sink: the hourly AHT points, written beside one of the others. */
    INFLUX;

    @JsonCreator
    public static Sink parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
  }

  @Description("Source of conversations: genesys, emulator or raw (any case).")
  @Default.Enum("EMULATOR")
  Source getSource();

  void setSource(Source value);

  @Description(
      "Day to extract, yyyy-MM-dd (UTC). Ignored when --interval is set. Defaults to the"
          + " emulator's first day for --source=emulator, else yesterday.")
  String getDate();

  void setDate(String value);

  @Description("Interval to extract, START/END in ISO-8601 UTC, e.g."
      + " 2024-01-15T00:00:00Z/2024-01-16T00:00:00Z. Overrides --date.")
  String getInterval();

  void setInterval(String value);

  @Description("Extraction window size, ISO-8601 duration between PT15M and P1D.")
  @Default.InstanceFactory(OneHour.class)
  Duration getWindowSize();

  void setWindowSize(Duration value);

  @Description("Extraction mode: JOBS (bulk detail jobs, default) or QUERY (fresh intraday data).")
  @Default.Enum("JOBS")
  GenesysIO.Mode getMode();

  void setMode(GenesysIO.Mode value);

  @Description(
      "Results page size: detail jobs 1..10000 (default 1000), detail queries 1..100 (default"
          + " 100). Smaller pages mean more requests against the rate limit.")
  Integer getPageSize();

  void setPageSize(Integer value);

  @Description(
      "Cap the parts a day (jobs) or window (queries) is read in at this many conversations,"
          + " planned from the aggregates API's counts per 30 minutes (e.g. 200000 for jobs,"
          + " 50000 for queries), so busy hours never meet the result cap. In query mode one"
          + " aggregates request per window; needs --windowSize of PT1H or more. 0 (default): no"
          + " cap.")
  @Default.Long(0)
  long getAggregateSizing();

  void setAggregateSizing(long value);

  @Description(
      "Detail-job parts of a day paged side by side, cut into equal shares of its conversations"
          + " from the aggregates API's counts (1..16, default 2): a second keeps the rate limit"
          + " busy while a cursor waits out a 429's Retry-After; each further one costs a job and"
          + " a cut whose conversations in progress come back twice. Raise it with the rate"
          + " limit.")
  @Default.Integer(2)
  int getJobConcurrency();

  void setJobConcurrency(int value);

  @Description(
      "KPI spec (YAML or JSON): a path, a classpath resource or a URI such as gs://B/spec.yaml."
          + " Defaults to the bundled example spec.")
  String getKpiSpec();

  void setKpiSpec(String value);

  @Description("Sink for the tables: files, jdbc or bigquery (any case); add influx for the"
      + " hourly AHT points in InfluxDB, e.g. files,influx (see --influxUrl).")
  @Default.InstanceFactory(FilesOnly.class)
  List<Sink> getSink();

  void setSink(List<Sink> value);

  @Description("Output directory of the files sink (CSV tables and run_summary.json).")
  @Default.String("out")
  String getOutput();

  void setOutput(String value);

  @Description(
      "Raw staging location (local path, gs:// or s3://): NDJSON.gz per window. Defaults to"
          + " OUTPUT/raw.")
  String getStaging();

  void setStaging(String value);

  @Description("With --source=raw: glob of NDJSON files (plain or .gz), one conversation a line.")
  String getInput();

  void setInput(String value);

  @Description("PostgreSQL JDBC URL for --sink=jdbc, e.g. jdbc:postgresql://host:5432/db.")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("PostgreSQL user (or in the URL).")
  String getJdbcUser();

  void setJdbcUser(String value);

  @Description("PostgreSQL password (or in the URL, or PGPASSWORD).")
  String getJdbcPassword();

  void setJdbcPassword(String value);

  @Description("PostgreSQL schema for gckpi's tables (default: the database's search path).")
  String getJdbcSchema();

  void setJdbcSchema(String value);

  @Description(
      "Most PostgreSQL connections per worker JVM, shared by every table write. On Flink batch"
          + " a write holds its connection for its whole partition, so this must be at least the"
          + " number of table writes (logged at launch: 13 in a batch run) times the task slots"
          + " per worker, or writes wait on each other forever. The default fits 3 slots per"
          + " worker.")
  @Default.Integer(40)
  int getJdbcMaxConnections();

  void setJdbcMaxConnections(int value);

  @Description(
      "BigQuery dataset for --sink=bigquery, as PROJECT:DATASET; it must exist. Tables are"
          + " created in it and upserted by key; credentials are Application Default Credentials.")
  String getBigQueryDataset();

  void setBigQueryDataset(String value);

  @Description(
      "Replace ani, dnis and participant names (and a session's other address fields: remote,"
          + " sessionDnis, callback and e-mail addresses) by a keyed hash, hmac: and the hex"
          + " HMAC-SHA256 of the value, before any staging file or table holds them: for orgs that"
          + " may not keep phone numbers. The same number hashes the same under the same key, so"
          + " repeat-contact FCR and joins keep working. The key is --hashKey, else the"
          + " environment variable GCKPI_HASH_KEY; the job refuses to start without one.")
  @Default.Boolean(false)
  boolean getHashAddresses();

  void setHashAddresses(boolean value);

  @Description(
      "Key of --hashAddresses, at least 16 characters (else GCKPI_HASH_KEY, which keeps it out of"
          + " process listings). Never logged. Keep it secret and the same across runs: another"
          + " key gives other hashes.")
  String getHashKey();

  void setHashKey(String value);

  @Description("Re-extract windows even when the ledger has them complete.")
  @Default.Boolean(false)
  boolean getReprocess();

  void setReprocess(boolean value);

  @Description("Trailing horizon re-extracted on every run (Genesys reprocesses data), ISO-8601.")
  @Default.InstanceFactory(ThreeDays.class)
  Duration getTrailingHorizon();

  void setTrailingHorizon(Duration value);

  @Description(
      "Streaming (--streaming=true): processing time between early results of a reporting day,"
          + " ISO-8601.")
  @Default.InstanceFactory(OneMinute.class)
  Duration getEarlyFiringPeriod();

  void setEarlyFiringPeriod(Duration value);

  @Description(
      "Streaming: how long to wait before asking Genesys again when no window is complete yet,"
          + " ISO-8601.")
  @Default.InstanceFactory(OneMinute.class)
  Duration getPollInterval();

  void setPollInterval(Duration value);

  @Description(
      "Streaming: read a window only once it ended this long ago, on top of Genesys' data"
          + " availability date, ISO-8601.")
  @Default.InstanceFactory(Zero.class)
  Duration getAvailabilityLag();

  void setAvailabilityLag(Duration value);

  @Description(
      "How often each worker logs the extraction's progress (windows done/total, conversations,"
          + " rate, time left), ISO-8601; PT0S: never.")
  @Default.InstanceFactory(ThirtySeconds.class)
  Duration getProgressInterval();

  void setProgressInterval(Duration value);

  @Description("Compare extracted counts with the aggregates API and fail beyond the tolerance.")
  @Default.Boolean(true)
  boolean getReconcile();

  void setReconcile(boolean value);

  @Description(
      "Times a batch run from the API reads again, within the same run, the windows that failed"
          + " or whose reconciliation breached: by detail queries (a path apart from the jobs),"
          + " each window the ledger does not have complete (with the files sink, which has no"
          + " ledger, the whole interval). 0 leaves them to the next run.")
  @Default.Integer(1)
  int getReReads();

  void setReReads(int value);

  @Description("Reconciliation tolerance as a fraction (0.005 = 0.5 %).")
  @Default.Double(0.005)
  double getReconcileTolerance();

  void setReconcileTolerance(double value);

  @Description("Genesys region domain, e.g. mypurecloud.ie (for --source=genesys).")
  String getGenesysRegion();

  void setGenesysRegion(String value);

  @Description("API base URL override (emulator, proxy); OAuth is served on the same URL.")
  String getApiBaseUrl();

  void setApiBaseUrl(String value);

  @Description("OAuth client id (else GENESYS_CLIENT_ID).")
  String getClientId();

  void setClientId(String value);

  @Description("OAuth client secret (else GENESYS_CLIENT_SECRET). Never logged.")
  String getClientSecret();

  void setClientSecret(String value);

  @Description("Properties file with client_id and client_secret.")
  String getCredentialsFile();

  void setCredentialsFile(String value);

  @Description("API requests per minute for each worker's OAuth client.")
  @Default.Integer(300)
  int getRateLimitPerMinute();

  void setRateLimitPerMinute(int value);

  @Description("Emulator: conversations per day.")
  @Default.Integer(2000)
  int getEmulatorVolume();

  void setEmulatorVolume(int value);

  @Description("Emulator: seed of the synthetic org and its conversations.")
  @Default.Long(42)
  long getEmulatorSeed();

  void setEmulatorSeed(long value);

  @Description("Emulator: faults to switch on, comma separated (see the emulator's docs).")
  @Default.String("")
  String getEmulatorFaults();

  void setEmulatorFaults(String value);

  @Description("Print the kpi_daily table and the run summary at the end.")
  @Default.Boolean(true)
  boolean getPrintSummary();

  void setPrintSummary(boolean value);

  /** A fixed duration default; Beam builds one per option through its public no-arg constructor. */
  abstract class FixedDuration implements DefaultValueFactory<Duration> {
    private final Duration value;

    FixedDuration(Duration value) {
      this.value = value;
    }

    @Override
    public Duration create(PipelineOptions options) {
      return value;
    }
  }

  /** PT1H. */
  class OneHour extends FixedDuration {
    public OneHour() {
      super(Duration.ofHours(1));
    }
  }

  /** P3D. */
  class ThreeDays extends FixedDuration {
    public ThreeDays() {
      super(Duration.ofDays(3));
    }
  }

  /** PT1M. */
  class OneMinute extends FixedDuration {
    public OneMinute() {
      super(Duration.ofMinutes(1));
    }
  }

  /** PT30S. */
  class ThirtySeconds extends FixedDuration {
    public ThirtySeconds() {
      super(Duration.ofSeconds(30));
    }
  }

  /** PT0S. */
  class Zero extends FixedDuration {
    public Zero() {
      super(Duration.ZERO);
    }
  }

  /** {@code --sink}'s default: the files sink alone. */
  class FilesOnly implements DefaultValueFactory<List<Sink>> {
    @Override
    public List<Sink> create(PipelineOptions options) {
      return List.of(Sink.FILES);
    }
  }
}
