package io.gckpi.pipeline;

import io.gckpi.genesys.BestCopyPerId;
import io.gckpi.genesys.FailedWindow;
import io.gckpi.genesys.GenesysIO;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.pipeline.dimensions.DimensionTables;
import io.gckpi.pipeline.dimensions.Dimensions;
import io.gckpi.genesys.RawConversation;
import io.gckpi.pipeline.ledger.LedgerRows;
import io.gckpi.pipeline.ledger.ReplacementScopes;
import io.gckpi.pipeline.privacy.HashAddresses;
import io.gckpi.pipeline.reconcile.ReconcileWithAggregates;
import io.gckpi.pipeline.reconcile.ReconciliationRow;
import io.gckpi.pipeline.staging.StageAndReadBack;
import io.gckpi.pipeline.staging.StageRawConversations;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.KpiTable.Kind;
import io.gckpi.pipeline.tables.RunTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the job's graph and declares its tables: where the conversations come from, the KPI
 * transforms, and every table a sink writes, with its key.
 *
 * <pre>
 * the reference data read at launch -> queues, wrapup_codes, skills, users; names side input
 * GenesysIO (windows to read; one copy per conversation) -> HashAddresses (--hashAddresses)
 *   -> stage raw NDJSON.gz per window
 *   -> read the staged files back
 *   (or --source=raw: the staged / given NDJSON)
 *   -> ParseConversations -> KeepMostComplete (--source=raw only) -> ComputeKpis (spec, names)
 *   -> interaction_timelines, malformed_interactions, filtered_counts,
 *      kpi_daily_components / aht_by_skill_hourly_components (per window),
 *      kpi_daily / aht_by_skill_hourly (derived, files sink)
 *   -> failed_windows, reconciliation, and extraction_windows (the ledger) last.
 * </pre>
 *
 * <p>Each record is parsed once and de-duplicated once ({@link ConversationTables}). The
 * transforms read the staged files, not the extracted elements ({@link StageAndReadBack}).
 */
final class KpiTables extends PTransform<PBegin, RunTables> {
  private static final Logger LOG = LoggerFactory.getLogger(KpiTables.class);
  private final RunSettings settings;
  private final @Nullable ConnectionSettings connection;
  private final List<Interval> windowsToRead;
  private final Dimensions dimensions;
  private final int readShardsPerDay;

  private KpiTables(
      RunSettings settings,
      @Nullable ConnectionSettings connection,
      List<Interval> windowsToRead,
      Dimensions dimensions,
      int readShardsPerDay) {
    this.settings = settings;
    this.connection = connection;
    this.windowsToRead = List.copyOf(windowsToRead);
    this.dimensions = dimensions;
    this.readShardsPerDay = readShardsPerDay;
  }

  /**
   * The batch job's tables. {@code connection} and {@code windowsToRead} are those of an API
   * source (null and ignored for {@code --source=raw}).
   */
  static KpiTables of(
      RunSettings settings,
      @Nullable ConnectionSettings connection,
      List<Interval> windowsToRead,
      Dimensions dimensions) {
    return new KpiTables(
        settings, connection, windowsToRead, dimensions, BestCopyPerId.SHARDS_PER_DAY);
  }

  /**
   * The same, the read de-duplicating in {@code shards} shards a UTC day (sized at launch from the
   * aggregates API's counts, {@link io.gckpi.genesys.DayCounts}); raw input is sized by its files.
   */
  KpiTables withReadShardsPerDay(int shards) {
    return new KpiTables(settings, connection, windowsToRead, dimensions, shards);
  }

  @Override
  public RunTables expand(PBegin begin) {
    Pipeline pipeline = begin.getPipeline();
    DimensionTables.Result reference = DimensionTables.build(pipeline, dimensions);
    RunTables dimensionTables = RunTables.of(pipeline, reference.tables());
    if (!settings.readsApi()) {
      // Copies of a conversation meet only in the given files when they come from staging or an
      // export: the one de-duplication runs after the parse.
      return dimensionTables.and(
          pipeline
              .apply("ReadRaw", TextIO.read().from(rawInput(settings)).withHintMatchesManyFiles())
              .apply("SkipBlankLines", Filter.by((String line) -> !line.isBlank()))
              .apply(
                  "ConversationTables",
                  ConversationTables.of(settings, reference.names(), deduplication(settings), true))
              .all());
    }
    // From the API, copies meet inside the read, which keeps the most complete one.
    GenesysIO.Result extracted =
        pipeline.apply("ReadGenesys", genesysRead(settings, connection)
            .withWindows(windowsToRead)
            .withShardsPerDay(readShardsPerDay));
    PCollection<RawConversation> toStage = extracted.getRawConversations();
    if (settings.addressHasher() != null) {
      toStage =
          toStage.apply("HashAddresses", HashAddresses.inRawRecords(settings.addressHasher()));
    }
    // What comes back from staging is hashed already.
    RunTables kpiTables =
        toStage
            .apply("StageAndReadBack", StageAndReadBack.to(settings.staging()))
            .apply(
                "ConversationTables",
                ConversationTables.of(settings, reference.names(), null, false));
    List<KpiTable> tables = new ArrayList<>();
    tables.add(failedWindows(extracted.getFailedWindows()));
    PCollection<ReconciliationRow> reconciliation = null;
    if (settings.reconciles()) {
      reconciliation =
          kpiTables
              .named("interaction_timelines")
              .orElseThrow()
              .rows()
              .apply(
                  "Reconcile",
                  ReconcileWithAggregates.against(
                      connection,
                      windowsToRead,
                      settings.options().getReconcileTolerance(),
                      extracted
                          .getFailedWindows()
                          .apply(
                              "FailedWindowIds",
                              MapElements.into(TypeDescriptors.strings())
                                  .via(FailedWindow::getWindowId)),
                      kpiTables.named("malformed_interactions").orElseThrow().rows()));
      tables.add(
          new KpiTable(
              "reconciliation",
              reconciliation.apply("ReconciliationRows", Convert.toRows()),
              List.of("bucketStart", "queueId", "mediaType"),
              Kind.FACT));
    }
    tables.add(
        LedgerRows.of(
            extracted.getManifests(), extracted.getFailedWindows(), reconciliation,
            settings.windowSize()));
    return dimensionTables
        .and(kpiTables)
        .and(tables)
        .withScope(KpiTable.WINDOW_ID, ReplacementScopes.windowsRead(extracted.getManifests()))
        .withScope(KpiTable.CONVERSATION_ID,
            ReplacementScopes.conversationsRead(extracted.getRawConversations()));
  }

  /**
   * The read every API run starts from: window size, mode, connection, rate, page size, sizing,
   * progress log.
   */
  static GenesysIO.Read genesysRead(RunSettings settings, ConnectionSettings connection) {
    GenesysIO.Read read =
        GenesysIO.read()
            .withWindowSize(settings.windowSize())
            .withMode(settings.mode())
            .withConnectionSettings(connection)
            .withRateLimitPerMinute(settings.options().getRateLimitPerMinute())
            .withAggregateSizing(settings.options().getAggregateSizing())
            .withJobConcurrency(settings.options().getJobConcurrency())
            .withProgressInterval(settings.progressInterval());
    if (settings.options().getPageSize() != null) {
      read = read.withPageSize(settings.options().getPageSize());
    }
    return read;
  }

  /** Raw input's de-duplication, in as many shards a day as its size wants. */
  private static KeepMostComplete deduplication(RunSettings settings) {
    String input = rawInput(settings);
    int shards = KeepMostComplete.shardsPerDayFor(input);
    LOG.info("Raw input {}: de-duplicated in {} shards a day", input, shards);
    return KeepMostComplete.create().withShardsPerDay(shards);
  }

  private static String rawInput(RunSettings settings) {
    return settings.options().getInput() != null
        ? settings.options().getInput()
        : StageRawConversations.glob(settings.staging());
  }

  static KpiTable failedWindows(PCollection<FailedWindow> failed) {
    return new KpiTable(
        "failed_windows",
        failed
            .apply("FailedWindowRows", Convert.toRows())
            .apply("CountFailedWindows", RunCounters.count(RunCounters.FAILED_WINDOWS)),
        List.of("windowId"),
        Kind.FACT);
  }
}
