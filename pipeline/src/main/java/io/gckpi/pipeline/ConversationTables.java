package io.gckpi.pipeline;

import io.gckpi.genesys.RawConversation;
import io.gckpi.genesys.model.Conversation;
import io.gckpi.pipeline.privacy.HashAddresses;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.KpiTable.Kind;
import io.gckpi.pipeline.tables.RunTables;
import io.gckpi.transforms.ComputeKpis;
import io.gckpi.transforms.ParseConversations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * From raw JSON lines to the KPI tables, the one path every run takes (batch from the API or
 * from staging, and streaming): count, parse once, de-duplicate once where copies can meet here,
 * the KPI transforms, and the rows of every table but the extraction's own.
 *
 * <p>{@code names}: id to name of queues, wrap-up codes and skills, from the dimension tables.
 * {@code keepMostComplete}: the de-duplication of staged or given records; null when the input
 * is already one copy per conversation: the API read de-duplicates inside itself, the streaming
 * read as it goes (and a global-window grouping would never fire there). {@code hashParsed}:
 * with {@code --hashAddresses}, hash the parsed records, where the raw text was not hashed on its
 * way in (staged or given files, streaming).
 */
final class ConversationTables extends PTransform<PCollection<String>, RunTables> {
  private final RunSettings settings;
  private final Map<String, String> names;
  private final @Nullable KeepMostComplete keepMostComplete;
  private final boolean hashParsed;

  private ConversationTables(
      RunSettings settings,
      Map<String, String> names,
      @Nullable KeepMostComplete keepMostComplete,
      boolean hashParsed) {
    this.settings = settings;
    this.names = names;
    this.keepMostComplete = keepMostComplete;
    this.hashParsed = hashParsed;
  }

  static ConversationTables of(
      RunSettings settings,
      Map<String, String> names,
      @Nullable KeepMostComplete keepMostComplete,
      boolean hashParsed) {
    return new ConversationTables(settings, names, keepMostComplete, hashParsed);
  }

  @Override
  public RunTables expand(PCollection<String> raw) {
    List<KpiTable> tables = new ArrayList<>();
    raw = raw.apply("CountRead", RunCounters.count(RunCounters.READ));

    // Copies of a record go before the parse: each record is typed once.
    PCollection<String> records =
        keepMostComplete != null
            ? raw.apply("KeepMostComplete", keepMostComplete)
                .apply("Text",
                    MapElements.into(TypeDescriptors.strings()).via(RawConversation::getRawJson))
            : raw;
    ParseConversations.Result parsed = records.apply("Parse", ParseConversations.create());
    PCollection<Conversation> conversations = parsed.getConversations();
    if (hashParsed && settings.addressHasher() != null) {
      conversations =
          conversations.apply(
              "HashAddresses", HashAddresses.inParsedRecords(settings.addressHasher()));
    }
    ComputeKpis.Result kpis =
        conversations.apply(
            "ComputeKpis",
            ComputeKpis.withSpec(settings.spec())
                .withReferenceNames(names)
                .withObservedUntil(settings.interval().end().toEpochMilli())
                .withExtractionWindows(KpiRows.windowOfStart(settings.windowSize())));

    tables.addAll(KpiRows.tables(kpis, settings.windowSize(), names));
    tables.add(malformed(parsed, kpis));
    tables.addAll(conversations.apply("DetailRecords", DetailRecordTables.create()).all());
    return RunTables.of(raw.getPipeline(), tables);
  }


  /**
   * The parse's and the timeline rules' dead letters. A batch run meets each record once (its
   * copies are gone before the parse), so each has one row; a stream reads a window again as it
   * changes and meets a record anew each time, so its rows are made distinct first.
   */
  private KpiTable malformed(ParseConversations.Result parsed, ComputeKpis.Result kpis) {
    PCollection<Row> rows =
        PCollectionList.of(parsed.getMalformed())
            .and(kpis.getMalformed())
            .apply("AllMalformed", Flatten.pCollections())
            .apply("MalformedRows", Convert.toRows());
    if (settings.streaming()) {
      rows = rows.apply("DistinctMalformed", Distinct.create()).setRowSchema(rows.getSchema());
    }
    rows =
        rows
            // In a stream, Distinct emits each row once, in the first pane that has it (an early
            // one as a rule), and never again: so every pane counts here.
            .apply(
                "CountMalformed",
                RunCounters.countEachOnce(
                    (Row row) -> RunCounters.MALFORMED_PREFIX + row.getString("reason")));
    return new KpiTable(
        "malformed_interactions",
        rows,
        List.of("conversationId", "stage", "reason", "detail"),
        Kind.FACT);
  }
}
