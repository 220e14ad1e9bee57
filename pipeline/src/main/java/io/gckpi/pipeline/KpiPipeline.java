package io.gckpi.pipeline;

import io.gckpi.genesys.BestCopyPerId;
import io.gckpi.genesys.DayCounts;
import io.gckpi.genesys.GenesysIO;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.client.GenesysApiException;
import io.gckpi.genesys.client.GenesysClient;
import io.gckpi.genesys.client.ReferenceData;
import io.gckpi.genesys.testing.Faults;
import io.gckpi.genesys.testing.GenesysEmulator;
import io.gckpi.pipeline.KpiPipelineOptions.Sink;
import io.gckpi.pipeline.bigquery.BigQuerySink;
import io.gckpi.pipeline.dimensions.Dimensions;
import io.gckpi.pipeline.files.FilesSink;
import io.gckpi.pipeline.influx.WithInfluxPoints;
import io.gckpi.pipeline.jdbc.JdbcSink;
import io.gckpi.pipeline.ledger.WindowPlan;
import io.gckpi.pipeline.report.KpiDailyTable;
import io.gckpi.pipeline.staging.ReferenceDataFile;
import io.gckpi.pipeline.tables.RunTables;
import io.gckpi.pipeline.tables.TableReader;
import io.gckpi.pipeline.tables.TableSink;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KPI job: extract (or re-read staged) conversations, rebuild timelines, compute the KPIs of
 * the spec, and write every table to the chosen sink, then say what happened in
 * {@code run_summary.json} and the exit code.
 *
 * <p>{@link #main} with no arguments is the embedded demo: it starts the built-in Genesys
 * emulator in this JVM, extracts one day through the real API path, writes CSV files to
 * {@code ./out} and prints the daily KPIs. Exit codes: 0 complete; 1 the run finished but is not
 * clean (failed windows or a reconciliation breach: nothing it wrote is wrong, but something is
 * missing, and the ledger says which windows to read again); 2 bad options; 3 a system the job
 * needs (the Genesys API, PostgreSQL, InfluxDB, BigQuery) could not be reached or refused it
 * ({@link UnreachableSystemException}). Errors of kinds 2 and 3 are one line on stderr.
 */
public final class KpiPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(KpiPipeline.class);

  private KpiPipeline() {}

  public static void main(String[] args) {
    System.exit(launch(args, null, System.err));
  }

  /**
   * What {@link #main} does, short of exiting: runs the job from its command line and returns
   * the exit code, printing an error of kinds 2 and 3 as one line on {@code err}.
   * {@code sinkOverride} replaces the sink the options name (tests give it Beam's in-memory
   * BigQuery); null uses the options.
   */
  static int launch(String[] args, @Nullable TableSink sinkOverride, PrintStream err) {
    try {
      return run(options(withLauncherDefaults(args)), sinkOverride).exitCode();
    } catch (IllegalArgumentException e) {
      err.println("gckpi: " + e.getMessage());
      return 2;
    } catch (UnreachableSystemException e) {
      LOG.debug("The run stopped", e);
      err.println("gckpi: " + e.getMessage());
      return UnreachableSystemException.EXIT_CODE;
    }
  }

  /**
   * Parses a command line into the job's options; a value Beam cannot parse is refused with an
   * {@link IllegalArgumentException} whose message names the option ({@link OptionErrors}).
   */
  public static KpiPipelineOptions options(String... args) {
    PipelineOptionsFactory.register(KpiPipelineOptions.class);
    OptionErrors.checkDurations(args);
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(KpiPipelineOptions.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(OptionErrors.explain(args, e), e);
    }
  }

  /**
   * The command line with the launcher's own defaults where it sets none:
   * {@code --enforceImmutability=false} and {@code --enforceEncodability=false}. The DirectRunner's
   * immutability check walks the whole graph again for every bundle it starts (to ask whether the
   * step is a read), and its encodability check encodes and decodes every element every step
   * outputs: with the job's graph of some hundred steps the two were the largest share of a
   * {@code make run}'s time after extraction. The tests run the job with Beam's defaults, the
   * checks on, so a DoFn that mutates its input or a coder that loses a field still fails there.
   *
   * <p>On Flink's local cluster ({@code --runner=FlinkRunner} with {@code --flinkMaster=[local]}
   * or none) and no Flink configuration of the user's ({@code --flinkConfDir} or
   * {@code FLINK_CONF_DIR}), also {@code --flinkConfDir} of {@link #LOCAL_FLINK_CONF}. Flink's
   * sort-merge blocking shuffle shares one read buffer pool per TaskManager, and a task that
   * consumes several blocking inputs in turn can wait forever for buffers held by another: the
   * job's graph, with a ledger written after every table, hung so at 50,000 conversations.
   */
  public static String[] withLauncherDefaults(String[] args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    for (String check : List.of("--enforceImmutability", "--enforceEncodability")) {
      if (all.stream().noneMatch(arg -> arg.startsWith(check))) {
        all.add(check + "=false");
      }
    }
    boolean flink = all.stream().anyMatch(arg -> arg.equals("--runner=FlinkRunner")
        || arg.equals("--runner=org.apache.beam.runners.flink.FlinkRunner"));
    boolean local = all.stream().noneMatch(arg -> arg.startsWith("--flinkMaster="))
        || all.contains("--flinkMaster=[local]");
    boolean configured = all.stream().anyMatch(arg -> arg.startsWith("--flinkConfDir"))
        || System.getenv("FLINK_CONF_DIR") != null;
    if (flink && local && !configured) {
      all.add("--flinkConfDir=" + localFlinkConfDir());
    }
    return all.toArray(new String[0]);
  }

  /**
   * Flink's local cluster with hash-based blocking shuffles ({@code
   * taskmanager.network.sort-shuffle.min-parallelism} above any parallelism), which need no
   * shared read buffers.
   */
  static final String LOCAL_FLINK_CONF =
      "taskmanager.network.sort-shuffle.min-parallelism: 2147483647\n";

  private static String localFlinkConfDir() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("gckpi-flink-conf-");
      java.nio.file.Path conf = dir.resolve("flink-conf.yaml");
      java.nio.file.Files.writeString(conf, LOCAL_FLINK_CONF);
      conf.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return dir.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write Flink's local configuration", e);
    }
  }

  /** Runs the job to completion with the sink the options name. */
  public static RunSummary run(KpiPipelineOptions options) {
    return run(options, null);
  }

  /**
   * Runs the job to completion. {@code sinkOverride} replaces the sink the options name (tests
   * inject a sink to inspect what would be written); null uses the options.
   */
  public static RunSummary run(KpiPipelineOptions options, @Nullable TableSink sinkOverride) {
    // The launcher reads and writes the staging location (reference data) before any pipeline
    // exists; registering the file systems now makes gs:// and s3:// work there too.
    FileSystems.setDefaultPipelineOptions(options);
    RunSettings settings = RunSettings.of(options);
    GenesysEmulator emulator = startEmulatorIfAsked(settings);
    try {
      TableSink sink = WithInfluxPoints.around(
          sinkOverride != null ? sinkOverride : sinkFor(settings), settings.influx());
      return run(settings, emulator, sink);
    } finally {
      if (emulator != null) {
        emulator.close();
      }
    }
  }

  private static RunSummary run(
      RunSettings settings, @Nullable GenesysEmulator emulator, TableSink sink) {
    KpiPipelineOptions options = settings.options();
    try {
      sink.prepare();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new UnreachableSystemException("cannot prepare " + sink.describe(), e);
    }
    LOG.info("gckpi run: source {}, interval {}, windows of {}, tables to {}",
        settings.source(),
        settings.intervalFromInput() ? "that of the input" : settings.interval(),
        settings.windowSize(), sink.describe());

    ConnectionSettings connection = null;
    List<Interval> windowsToRead = List.of();
    int readShardsPerDay = BestCopyPerId.SHARDS_PER_DAY;
    Dimensions dimensions;
    if (settings.readsApi()) {
      connection =
          settings.connection(
              emulator == null ? null : emulator.baseUrl(),
              GenesysEmulator.DEMO_CLIENT_ID,
              GenesysEmulator.DEMO_CLIENT_SECRET);
      windowsToRead =
          settings.streaming()
              ? settings.interval().split(settings.windowSize())
              : plan(settings, sink);
      if (windowsToRead.isEmpty()) {
        LOG.info("Every window of {} is complete in the ledger; nothing to do (--reprocess to"
            + " read them again)", settings.interval());
        RunSummary summary = RunSummary.nothingToDo(settings);
        summary.write(options.getOutput());
        return summary;
      }
      // The queues, wrap-up codes, skills and users, every page, read once at launch: reference
      // data is small, and the dimension tables and the names side input built from this one
      // snapshot keep workers from each calling the API.
      try (GenesysClient client = GenesysClient.create(connection)) {
        try {
          dimensions = Dimensions.of(ReferenceData.read(client));
        } catch (GenesysApiException e) {
          throw new UnreachableSystemException(
              "cannot read reference data from the Genesys API at " + connection.apiBaseUrl(), e);
        }
        LOG.info("Read {} from the Genesys API", dimensions.describe());
        if (!settings.streaming()) {
          readShardsPerDay = readShardsPerDay(client, windowsToRead);
        }
      }
      ReferenceDataFile.write(settings.staging(), dimensions.data());
    } else {
      dimensions = ReferenceDataFile.readIfPresent(settings.staging());
      if (dimensions.equals(Dimensions.none())) {
        LOG.warn("No reference data staged at {}: the dimension tables stay empty, nothing is"
            + " named, and the spec's queues and wrap-up codes match by id only",
            ReferenceDataFile.path(settings.staging()));
      } else {
        LOG.info("Reference data from {}: {}", ReferenceDataFile.path(settings.staging()),
            dimensions.describe());
      }
    }

    RunSummary summary =
        runPipeline(settings, connection, windowsToRead, dimensions, readShardsPerDay, sink);
    int reReads = 0;
    List<Interval> reRead = List.of();
    RunSummary first = summary;
    while (summary.exitCode() != 0 && reReads < options.getReReads() && settings.readsApi()
        && !settings.streaming() && "DONE".equals(summary.get("state"))) {
      reRead = windowsToReadAgain(settings, sink, windowsToRead);
      if (reRead.isEmpty()) {
        break;
      }
      reReads++;
      LOG.warn("The run is not clean ({} failed windows, {} reconciliation breaches): reading {}"
              + " window(s) again by detail queries (re-read {} of {})",
          summary.get("failedWindows"), summary.get("reconciliationBreaches"), reRead.size(),
          reReads, options.getReReads());
      summary = runPipeline(
          byQueries(settings), connection, reRead, dimensions, readShardsPerDay, sink);
    }
    if (reReads > 0) {
      summary = summary.afterReReads(first, reReads, reRead.size());
    }
    summary.write(options.getOutput());
    if (options.getPrintSummary()) {
      TableReader written = sink.reader();
      if (written != null && "DONE".equals(summary.get("state"))) {
        KpiDailyTable.print(System.out, written);
      }
      summary.print(System.out, sink);
    }
    return summary;
  }

  /** Builds the job's graph over {@code windowsToRead}, runs it to the end, sums it up. */
  private static RunSummary runPipeline(
      RunSettings settings,
      @Nullable ConnectionSettings connection,
      List<Interval> windowsToRead,
      Dimensions dimensions,
      int readShardsPerDay,
      TableSink sink) {
    Pipeline pipeline = Pipeline.create(settings.options());
    RunTables tables =
        settings.streaming()
            ? pipeline.apply(
                "StreamingKpiTables", StreamingKpiTables.of(settings, connection, dimensions))
            : pipeline.apply(
                "KpiTables",
                KpiTables.of(settings, connection, windowsToRead, dimensions)
                    .withReadShardsPerDay(readShardsPerDay));
    try {
      sink.write(tables);
    } catch (java.io.UncheckedIOException e) {
      throw new UnreachableSystemException("cannot prepare " + sink.describe(), e);
    }
    PipelineResult result;
    PipelineResult.State state;
    try {
      result = pipeline.run();
      state = result.waitUntilFinish();
    } catch (Pipeline.PipelineExecutionException e) {
      if (!UnreachableSystemException.isSystemFailure(e)) {
        throw e; // a fault of the job itself: its stack trace is what a report needs
      }
      throw new UnreachableSystemException(
          "the run stopped writing to " + sink.describe() + " (the ledger marks no window it did"
              + " not finish, so a re-run reads them again)", e);
    }
    LOG.info("Pipeline finished: {}", state);
    return RunSummary.fromMetrics(settings, windowsToRead, result, state);
  }

  /**
   * The windows a re-read takes: those of the run the ledger does not have complete (failed, or
   * marked for reprocessing by a reconciliation breach); with a sink without a ledger, whose
   * tables are replaced whole, every window of the run.
   */
  private static List<Interval> windowsToReadAgain(
      RunSettings settings, TableSink sink, List<Interval> windowsRead) {
    if (!sink.hasLedger()) {
      return windowsRead;
    }
    java.util.Set<String> complete;
    try {
      complete = sink.completeWindowIds(settings.interval());
    } catch (Exception e) {
      throw new UnreachableSystemException("cannot read the ledger of " + sink.describe(), e);
    }
    return windowsRead.stream().filter(w -> !complete.contains(w.toString())).toList();
  }

  /**
   * The settings of a re-read: detail queries, whose pages do not come from a job's cursor, at
   * the query's page size when the run's was a job's.
   */
  private static RunSettings byQueries(RunSettings settings) {
    KpiPipelineOptions options = settings.options();
    options.setMode(GenesysIO.Mode.QUERY);
    Integer pageSize = options.getPageSize();
    if (pageSize != null && pageSize > GenesysClient.QUERY_PAGE_SIZE_MAX) {
      options.setPageSize(GenesysClient.QUERY_PAGE_SIZE_MAX);
    }
    return RunSettings.of(options);
  }

  private static List<Interval> plan(RunSettings settings, TableSink sink) {
    try {
      List<Interval> windows =
          WindowPlan.windowsToRead(
              settings.interval(),
              settings.windowSize(),
              sink.completeWindowIds(settings.interval()),
              settings.options().getReprocess(),
              settings.trailingHorizon(),
              Instant.now());
      LOG.info("{} of {} windows to read", windows.size(),
          settings.interval().split(settings.windowSize()).size());
      return windows;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new UnreachableSystemException("cannot read the ledger of " + sink.describe(), e);
    }
  }

  /**
   * The shards a day the read de-duplicates in, from the conversations the aggregates API counts
   * on the busiest day read: a shard is in memory while it is emitted, so a busy org's day wants
   * more than the default. Sizing is worth a request at launch, not a failed run: when the counts
   * cannot be had (the client lacks the aggregates permission, say) the read keeps the default.
   */
  private static int readShardsPerDay(GenesysClient client, List<Interval> windows) {
    try {
      long busiest = DayCounts.busiestDay(client, windows);
      int shards = DayCounts.shardsPerDay(busiest);
      LOG.info("The busiest day read has {} conversations starting on it (aggregates API):"
          + " the read de-duplicates in {} shards a day", busiest, shards);
      return shards;
    } catch (GenesysApiException e) {
      LOG.warn("Cannot count the conversations a day from the aggregates API ({}): the read"
          + " de-duplicates in {} shards a day", e.getMessage(), BestCopyPerId.SHARDS_PER_DAY);
      return BestCopyPerId.SHARDS_PER_DAY;
    }
  }

  private static @Nullable GenesysEmulator startEmulatorIfAsked(RunSettings settings) {
    if (settings.source() != KpiPipelineOptions.Source.EMULATOR) {
      return null;
    }
    GenesysEmulator emulator =
        GenesysEmulator.builder()
            .config(settings.emulatorConfig())
            .faults(Faults.parse(settings.options().getEmulatorFaults()))
            .rateLimitPerMinute(Math.max(300, settings.options().getRateLimitPerMinute()))
            .start();
    LOG.info("Started the Genesys emulator at {} ({} conversations a day from {})",
        emulator.baseUrl(), settings.emulatorConfig().conversationsPerDay(),
        settings.emulatorConfig().startDate());
    return emulator;
  }

  private static TableSink sinkFor(RunSettings settings) {
    Sink sink = settings.sink();
    return switch (sink) {
      case FILES -> new FilesSink(settings.options().getOutput());
      case JDBC -> new JdbcSink(settings.jdbc());
      case BIGQUERY -> BigQuerySink.of(settings.options().getBigQueryDataset());
      case INFLUX -> throw new IllegalStateException("influx is not a table sink");
    };
  }
}
