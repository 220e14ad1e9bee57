package io.gckpi.pipeline.ledger;


import io.gckpi.genesys.FailedWindow;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.WindowManifest;
import io.gckpi.pipeline.reconcile.ReconciliationRow;
import io.gckpi.pipeline.tables.KpiTable;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The ledger rows of a run: a window whose extraction completed is {@code complete}, unless a
 * reconciliation cell inside it breached, which makes it {@code needs_reprocess}; a window that
 * kept failing is {@code failed}. The sink writes these last, after every table is committed.
 *
 * <p>A window's manifest and its breaches meet in a join by window id, not through a side input:
 * the breaches are known only at the end of the run, and the DirectRunner tries a step whose side
 * input is not ready again and again, a bundle at a time, until it is.
 */
public final class LedgerRows {
  private static final TupleTag<WindowManifest> MANIFEST = new TupleTag<>() {};
  private static final TupleTag<String> BREACH = new TupleTag<>() {};

  private LedgerRows() {}

  public static KpiTable of(
      PCollection<WindowManifest> manifests,
      PCollection<FailedWindow> failed,
      @Nullable PCollection<ReconciliationRow> reconciliation,
      Duration windowSize) {
    PCollection<KV<String, String>> breaches =
        reconciliation == null
            ? manifests.getPipeline().apply("NoBreaches",
                Create.empty(TypeDescriptors.kvs(TypeDescriptors.strings(),
                    TypeDescriptors.strings())))
            : reconciliation
                .apply("Breached", Filter.by(ReconciliationRow::getBreached))
                .apply(
                    "BreachedWindow",
                    MapElements.into(
                            TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                        .via(row -> {
                          String window = windowOf(row.getBucketStart(), windowSize);
                          return KV.of(window, window);
                        }));
    PCollection<LedgerEntry> completed =
        KeyedPCollectionTuple.of(
                MANIFEST,
                manifests.apply(
                    "ByWindow",
                    WithKeys.of(WindowManifest::getWindowId).withKeyType(TypeDescriptors.strings())))
            .and(BREACH, breaches)
            .apply("ManifestsAndBreaches", CoGroupByKey.create())
            .apply("CompletedWindows", ParDo.of(new CompletedFn()));
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

  /** Each window read to its end, complete unless a cell inside it breached. */
  private static class CompletedFn extends DoFn<KV<String, CoGbkResult>, LedgerEntry> {
    @ProcessElement
    public void process(
        @Element KV<String, CoGbkResult> window, OutputReceiver<LedgerEntry> out) {
      boolean breached = window.getValue().getAll(BREACH).iterator().hasNext();
      for (WindowManifest manifest : window.getValue().getAll(MANIFEST)) {
        Interval interval = Interval.parse(manifest.getWindowId());
        out.output(
            LedgerEntry.create(
                manifest.getWindowId(),
                interval.start().toString(),
                interval.end().toString(),
                breached ? WindowLedger.NEEDS_REPROCESS : WindowLedger.COMPLETE,
                manifest.getConversations(),
                manifest.getPages(),
                manifest.getJobId(),
                manifest.getDataAvailabilityMs(),
                manifest.getMode()));
      }
    }
  }
}
