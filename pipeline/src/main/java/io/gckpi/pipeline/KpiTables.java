package io.gckpi.pipeline;

import io.gckpi.genesys.FailedWindow;
import io.gckpi.genesys.GenesysIO;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.RawConversation;
import io.gckpi.genesys.WindowManifest;
import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.model.Conversation;
import io.gckpi.pipeline.ledger.LedgerRows;
import io.gckpi.pipeline.privacy.HashAddresses;
import io.gckpi.pipeline.reconcile.ReconcileWithAggregates;
import io.gckpi.pipeline.reconcile.ReconciliationRow;
import io.gckpi.pipeline.staging.StageRawConversations;
import io.gckpi.pipeline.tables.KpiTable.Kind;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.transforms.ComputeKpis;
import io.gckpi.transforms.ParseConversations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Builds the job's graph and declares its tables: where the conversations come from, the KPI
 * transforms, and every table a sink writes, with its key.
 *
 * <pre>
 * GenesysIO (windows to read; one copy per conversation) -> HashAddresses (--hashAddresses)
 *   -> stage raw NDJSON.gz per window
 *   -> read the staged files back
 *   (or --source=raw: the staged / given NDJSON)
 *   -> ParseConversations -> KeepMostComplete (--source=raw only), HashAddresses (--source=raw
 *      and streaming, where nothing was hashed before staging)
 *   -> DetailRecordTables: conversations, participants, sessions, segments, session_metrics
 *   -> ComputeKpis (spec, names)
 *   -> interaction_timelines, malformed_interactions, filtered_counts,
 *      kpi_daily_components / aht_by_skill_hourly_components (per window),
 *      kpi_daily / aht_by_skill_hourly (derived, files sink)
 *   -> failed_windows, reconciliation, and extraction_windows (the ledger) last.
 * </pre>
 *
 * <p>Each record is parsed once and de-duplicated once. The transforms read the staged files, not
 * the extracted elements: what the tables say is then always what {@code --source=raw} would
 * recompute from staging, and the files come back in a few large bundles where the read's
 * per-conversation combine hands on one conversation at a time.
 */
final class KpiTables {
  private KpiTables() {}

  static List<KpiTable> build(
      Pipeline pipeline,
      RunSettings settings,
      @Nullable ConnectionSettings connection,
      List<Interval> windowsToRead,
      Map<String, String> referenceNames) {
    List<KpiTable> tables = new ArrayList<>();
    PCollection<String> raw;
    // Copies of a conversation meet inside the read (which keeps the most complete one) when it
    // comes from the API, and only in the given files when it comes from staging or an export.
    boolean copiesMeetHere = !settings.readsApi();
    if (settings.readsApi()) {
      GenesysIO.Result extracted =
          pipeline.apply("ReadGenesys", genesysRead(settings, connection)
              .withWindows(windowsToRead));
      PCollection<RawConversation> toStage = extracted.getRawConversations();
      if (settings.addressHasher() != null) {
        toStage = toStage.apply("HashAddresses",
            HashAddresses.inRawRecords(settings.addressHasher()));
      }
      raw = stageAndReadBack(toStage, settings.staging());
      tables.add(failedWindows(extracted.getFailedWindows()));
      // What comes back from staging is hashed already.
      List<KpiTable> kpiTables = kpiTables(raw, settings, referenceNames, copiesMeetHere, false);
      tables.addAll(kpiTables);
      PCollection<ReconciliationRow> reconciliation = null;
      if (settings.reconciles()) {
        reconciliation =
            tableRows(kpiTables, "interaction_timelines")
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
                        tableRows(kpiTables, "malformed_interactions")));
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
      return tables;
    }
    raw =
        pipeline
            .apply("ReadRaw", TextIO.read().from(rawInput(settings)))
            .apply("SkipBlankLines", Filter.by((String line) -> !line.isBlank()));
    tables.addAll(kpiTables(raw, settings, referenceNames, copiesMeetHere, true));
    return tables;
  }

  /** The rows of one of a run's tables: what reconciliation compares. */
  private static PCollection<Row> tableRows(List<KpiTable> tables, String name) {
    return tables.stream()
        .filter(table -> table.name().equals(name))
        .findFirst()
        .orElseThrow()
        .rows();
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
            .withProgressInterval(settings.progressInterval());
    if (settings.options().getPageSize() != null) {
      read = read.withPageSize(settings.options().getPageSize());
    }
    return read;
  }

  /**
   * From raw JSON lines to the KPI tables: parse, (de-duplicate), the KPI transforms, and the rows
   * of every table but the extraction's own. {@code keepMostComplete} is false when the input is
   * already one copy per conversation (the API read de-duplicates, the streaming read as it goes,
   * and a global-window grouping would never fire there). {@code hashParsed}: with {@code
   * --hashAddresses}, hash the parsed records, where the raw text was not hashed on its way in.
   */
  static List<KpiTable> kpiTables(
      PCollection<String> raw,
      RunSettings settings,
      Map<String, String> referenceNames,
      boolean keepMostComplete,
      boolean hashParsed) {
    Pipeline pipeline = raw.getPipeline();
    List<KpiTable> tables = new ArrayList<>();
    raw = raw.apply("CountRead", RunCounters.count(RunCounters.READ));

    ParseConversations.Result parsed = raw.apply("Parse", ParseConversations.create());
    PCollection<Conversation> conversations =
        keepMostComplete
            ? parsed.getConversations().apply("KeepMostComplete", KeepMostComplete.create())
            : parsed.getConversations();
    if (hashParsed && settings.addressHasher() != null) {
      conversations = conversations.apply("HashAddresses",
          HashAddresses.inParsedRecords(settings.addressHasher()));
    }
    PCollectionView<Map<String, String>> names =
        pipeline
            .apply(
                "ReferenceNames",
                Create.of(referenceNames)
                    .withCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
            .apply("ReferenceNamesView", View.asMap());
    ComputeKpis.Result kpis =
        conversations.apply(
            "ComputeKpis",
            ComputeKpis.withSpec(settings.spec())
                .withReferenceNames(names)
                .withObservedUntil(settings.interval().end().toEpochMilli())
                .withExtractionWindows(KpiRows.windowOfStart(settings.windowSize())));

    tables.addAll(KpiRows.tables(kpis, settings.windowSize()));
    tables.add(malformed(parsed, kpis));
    tables.addAll(conversations.apply("DetailRecords", DetailRecordTables.create()).tables());
    return tables;
  }

  private static String rawInput(RunSettings settings) {
    return settings.options().getInput() != null
        ? settings.options().getInput()
        : StageRawConversations.glob(settings.staging());
  }

  /**
   * Writes every extracted conversation to staging, one file per window, and reads the files back
   * once they are complete: the per-destination file names are only emitted after the files are
   * finalized, so nothing downstream can see a half-written window.
   */
  private static PCollection<String> stageAndReadBack(
      PCollection<RawConversation> extracted, String staging) {
    WriteFilesResult<String> staged =
        extracted
            .apply(
                "KeyByWindow",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via((RawConversation c) -> KV.of(c.getWindowId(), c.getRawJson())))
            .apply("StageRaw", StageRawConversations.to(staging));
    return staged
        .getPerDestinationOutputFilenames()
        .apply("StagedFiles", Values.create())
        .apply("MatchStaged", FileIO.matchAll())
        .apply("OpenStaged", FileIO.readMatches())
        .apply("ReadStaged", TextIO.readFiles());
  }

  private static KpiTable malformed(ParseConversations.Result parsed, ComputeKpis.Result kpis) {
    PCollection<Row> rows =
        PCollectionList.of(parsed.getMalformed())
            .and(kpis.getMalformed())
            .apply("AllMalformed", Flatten.pCollections())
            .apply("MalformedRows", Convert.toRows());
    rows =
        rows.apply("DistinctMalformed", Distinct.create())
            .setRowSchema(rows.getSchema())
            .apply(
                "CountMalformed",
                RunCounters.count(
                    (Row row) -> RunCounters.MALFORMED_PREFIX + row.getString("reason"),
                    row -> 1L));
    return new KpiTable(
        "malformed_interactions",
        rows,
        List.of("conversationId", "stage", "reason", "detail"),
        Kind.FACT);
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
