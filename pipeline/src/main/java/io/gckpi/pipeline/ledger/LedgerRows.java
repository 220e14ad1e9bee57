package io.gckpi.pipeline.ledger;


import io.gckpi.genesys.FailedWindow;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.WindowManifest;
import io.gckpi.pipeline.reconcile.ReconciliationRow;
import io.gckpi.pipeline.tables.KpiTable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The ledger rows of a run: a window whose extraction completed is {@code complete}, unless a
 * reconciliation cell inside it breached, which makes it {@code needs_reprocess}; a window that
 * kept failing is {@code failed}. The sink writes these last, after every table is committed.
 */
public final class LedgerRows {
  private LedgerRows() {}

  public static KpiTable of(
      PCollection<WindowManifest> manifests,
      PCollection<FailedWindow> failed,
      @Nullable PCollection<ReconciliationRow> reconciliation,
      Duration windowSize) {
    PCollection<String> breachedWindows =
        reconciliation == null
            ? manifests.getPipeline().apply("NoBreaches", Create.empty(TypeDescriptors.strings()))
            : reconciliation
                .apply("Breached", Filter.by(ReconciliationRow::getBreached))
                .apply(
                    "BreachedWindow",
                    MapElements.into(TypeDescriptors.strings())
                        .via(row -> windowOf(row.getBucketStart(), windowSize)));
    PCollectionView<List<String>> breached =
        breachedWindows.apply("BreachedWindows", View.asList());
    PCollection<LedgerEntry> completed =
        manifests.apply(
            "CompletedWindows",
            ParDo.of(new CompletedFn(breached)).withSideInputs(breached));
    PCollection<LedgerEntry> failedEntries =
        failed.apply(
            "FailedWindowEntries",
            MapElements.into(TypeDescriptor.of(LedgerEntry.class))
                .via(
                    window -> {
                      Interval interval = Interval.parse(window.getWindowId());
                      return LedgerEntry.create(
                          window.getWindowId(),
                          interval.start().toString(),
                          interval.end().toString(),
                          LedgerEntry.FAILED,
                          0,
                          0,
                          null,
                          null,
                          null);
                    }));
    return new KpiTable(
        "extraction_windows",
        PCollectionList.of(completed)
            .and(failedEntries)
            .apply("LedgerEntries", Flatten.pCollections())
            .apply("LedgerRows", Convert.toRows()),
        List.of("windowId"),
        KpiTable.Kind.LEDGER);
  }

  /** The id of the aligned window of {@code windowSize} that holds {@code isoInstant}. */
  static String windowOf(String isoInstant, Duration windowSize) {
    return WindowIds.containing(java.time.Instant.parse(isoInstant).toEpochMilli(), windowSize);
  }

  private static class CompletedFn extends DoFn<WindowManifest, LedgerEntry> {
    private final PCollectionView<List<String>> breached;

    CompletedFn(PCollectionView<List<String>> breached) {
      this.breached = breached;
    }

    @ProcessElement
    public void process(
        @Element WindowManifest manifest, ProcessContext context, OutputReceiver<LedgerEntry> out) {
      Set<String> breachedIds = new HashSet<>(context.sideInput(breached));
      Interval window = Interval.parse(manifest.getWindowId());
      out.output(
          LedgerEntry.create(
              manifest.getWindowId(),
              window.start().toString(),
              window.end().toString(),
              breachedIds.contains(manifest.getWindowId())
                  ? WindowLedger.NEEDS_REPROCESS
                  : WindowLedger.COMPLETE,
              manifest.getConversations(),
              manifest.getPages(),
              manifest.getJobId(),
              manifest.getDataAvailabilityMs(),
              manifest.getMode()));
    }
  }
}
