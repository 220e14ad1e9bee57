package io.gckpi.pipeline;

import io.gckpi.genesys.GenesysIO;
import io.gckpi.genesys.RawConversation;
import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.pipeline.dimensions.DimensionTables;
import io.gckpi.pipeline.dimensions.Dimensions;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.RunTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.CalendarWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.DateTimeZone;
import org.joda.time.Duration;

/**
 * The streaming job's graph ({@code --streaming}): the same KPI transforms and tables as the batch
 * job, fed by the unbounded read and cut into event-time days.
 *
 * <pre>
 * GenesysIO.unbounded() (each window once the data availability date passes it)
 *   -> day windows in the spec's reporting zone, early results every --earlyFiringPeriod,
 *      accumulating panes, the final pane when the watermark passes the day
 *   -> ParseConversations -> ComputeKpis -> the batch job's per-window component tables
 * and the dimension tables of the reference data read at launch
 * </pre>
 *
 * <p>Why the tables converge to the batch job's. The unbounded read emits a conversation when
 * its window is first read and again only if a re-read after {@code --trailingHorizon} finds it
 * more complete (a conversation still going on at the first read comes back closed). Only closed
 * conversations enter the components, so each is counted once, with its final figures. Every
 * aggregate is a sum per key with the extraction window in the key (kpi_daily_components,
 * aht_by_skill_hourly_components, filtered_counts), computed by one grouping over the day's
 * accumulated elements, so each pane carries the whole day so far and its upsert replaces the
 * previous pane's row. The read's watermark waits for a window's re-read, so a day's final pane
 * comes once its last window has been re-read, and then equals the batch sums: the kpi_daily
 * view over the components is the batch run's, row for row. Batch and streaming write the same
 * keys, so a batch run over a trailing horizon also corrects what changed in a closed
 * conversation after the stream read it (a changed wrap-up code, say), which the stream does
 * not re-emit.
 *
 * <p>Not in streaming: staging of raw files, the ledger (a window's rows are never "all
 * committed" at one moment in a stream), reconciliation with the aggregates API, and the derived
 * report tables of the files sink; {@link RunSettings} refuses the options that would need them.
 * The detail tables are written, upserted by key only: a stream has no moment at which a
 * conversation's old child rows are known to be deleted, so a batch run over the trailing
 * horizon is what replaces them.
 */
final class StreamingKpiTables extends PTransform<PBegin, RunTables> {
  private final RunSettings settings;
  private final ConnectionSettings connection;
  private final Dimensions dimensions;

  private StreamingKpiTables(
      RunSettings settings, ConnectionSettings connection, Dimensions dimensions) {
    this.settings = settings;
    this.connection = connection;
    this.dimensions = dimensions;
  }

  static StreamingKpiTables of(
      RunSettings settings, ConnectionSettings connection, Dimensions dimensions) {
    return new StreamingKpiTables(settings, connection, dimensions);
  }

  @Override
  public RunTables expand(PBegin begin) {
    DimensionTables.Result reference = DimensionTables.build(begin.getPipeline(), dimensions);
    GenesysIO.Result extracted =
        begin.apply(
            "FollowGenesys",
            KpiTables.genesysRead(settings, connection)
                .withInterval(settings.interval())
                .unbounded()
                .withPollInterval(settings.pollInterval())
                .withAvailabilityLag(settings.availabilityLag())
                .withTrailingHorizon(settings.trailingHorizon()));
    PCollection<String> raw =
        extracted
            .getRawConversations()
            .apply("RawJson",
                MapElements.into(TypeDescriptors.strings()).via(RawConversation::getRawJson))
            .apply(
                "ReportingDays",
                Window.<String>into(
                        CalendarWindows.days(1)
                            .withTimeZone(DateTimeZone.forID(settings.spec().zoneId().getId())))
                    .triggering(
                        AfterWatermark.pastEndOfWindow()
                            .withEarlyFirings(
                                AfterProcessingTime.pastFirstElementInPane()
                                    .plusDelayOf(
                                        Duration.millis(settings.earlyFiringPeriod().toMillis()))))
                    .withAllowedLateness(Duration.ZERO)
                    .accumulatingFiredPanes());
    List<KpiTable> tables = new ArrayList<>(reference.tables());
    tables.add(KpiTables.failedWindows(extracted.getFailedWindows()));
    RunTables conversationTables =
        raw.apply(
            "ConversationTables", ConversationTables.of(settings, reference.names(), null, true));
    for (KpiTable table : conversationTables.all()) {
      if (table.inDatabase()) {
        tables.add(table);
      }
    }
    return RunTables.of(begin.getPipeline(), tables);
  }
}
