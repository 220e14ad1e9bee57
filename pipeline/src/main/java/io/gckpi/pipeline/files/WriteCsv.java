package io.gckpi.pipeline.files;

import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.SqlNames;
import io.gckpi.pipeline.tables.TableStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * Writes schema'd tables as one CSV file each, {@code <dir>/<table>.csv}, with a header row of the
 * same snake_case column names as the PostgreSQL tables, so that a files run and a database run
 * can be compared column by column. Values are RFC 4180 quoted where needed; lists are joined with
 * {@code ;}; nulls are empty. A table without rows still gets its file, the header alone.
 *
 * <p>Every table is written in parts: each bundle writes the lines it holds into a part file per
 * table ({@code .<table>.csv.<uuid>.part}, hidden beside the outputs), and once every bundle is
 * done the parts of each table are joined behind its header and deleted. So no line crosses a
 * shuffle on its way to disk, and the graph has a handful of steps per table. The tables of a
 * {@link TableStream} are written from the stream as it is. Beam's file writes do the same job less well here: a single-shard write per table sends
 * every row of the run through a grouping onto one worker, some two dozen steps per table; with
 * the runner's own sharding the DirectRunner instead counts the rows first and makes every bundle
 * wait on that count as a side input, trying again a bundle at a time until it is ready.
 *
 * <p>A part belongs to the bundle that wrote it: a bundle that fails and runs again writes parts
 * under new names, and only those of the attempt that committed are joined. Joining a table again
 * after its parts were deleted (a retry of that step) keeps the file already written.
 */
public class WriteCsv extends PTransform<PCollectionTuple, PDone> {
  private static final String PART_SUFFIX = ".part";

  private final String directory;
  private final List<KpiTable> tables;

  private WriteCsv(String directory, List<KpiTable> tables) {
    this.directory = directory;
    this.tables = List.copyOf(tables);
  }

  /**
   * Writes each of {@code tables} as {@code <directory>/<table>.csv}; apply it to {@link
   * #inputOf} the same tables.
   */
  public static WriteCsv to(String directory, List<KpiTable> tables) {
    return new WriteCsv(directory, tables);
  }

  /**
   * The collections holding {@code tables}' rows: each table's own, or once the stream that
   * carries several (which is written as it is, never split).
   */
  public static PCollectionTuple inputOf(Pipeline pipeline, List<KpiTable> tables) {
    PCollectionTuple input = PCollectionTuple.empty(pipeline);
    for (KpiTable table : tables) {
      if (table.stream().isEmpty()) {
        input = input.and(table.name(), table.rows());
      } else if (!input.has(table.stream().get().name())) {
        input = input.and(table.stream().get().name(), table.stream().get().rows());
      }
    }
    return input;
  }

  @Override
  public PDone expand(PCollectionTuple input) {
    Pipeline pipeline = input.getPipeline();
    Map<String, String> headers = new LinkedHashMap<>();
    List<PCollection<KV<String, String>>> parts = new ArrayList<>();
    Set<String> streamsWritten = new HashSet<>();
    for (KpiTable table : tables) {
      headers.put(table.name(), header(table.schema()));
      if (table.stream().isEmpty()) {
        parts.add(
            input.<Row>get(table.name())
                .apply("CsvLines " + table.name(), ParDo.of(new CsvLineFn(table.name())))
                .apply("WriteParts " + table.name(), writeParts()));
      } else if (streamsWritten.add(table.stream().get().name())) {
        TableStream stream = table.stream().get();
        parts.add(
            input.<RawUnionValue>get(stream.name())
                .apply("CsvLines " + stream.name(), ParDo.of(new StreamCsvLineFn(stream.tables())))
                .apply("WriteParts " + stream.name(), writeParts()));
      }
    }
    KvCoder<String, String> pairs = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    // One empty part name per table, so that every table is joined, with rows or without.
    parts.add(
        pipeline.apply(
            "EveryTable",
            Create.of(tables.stream().map(table -> KV.of(table.name(), "")).toList())
                .withCoder(pairs)));
    PCollectionList.of(parts)
        .apply("PartsAndTables", Flatten.pCollections())
        .apply("PartsPerTable", GroupByKey.create())
        .apply("JoinParts", ParDo.of(new JoinPartsFn(directory, headers)));
    return PDone.in(pipeline);
  }

  private ParDo.SingleOutput<KV<String, String>, KV<String, String>> writeParts() {
    return ParDo.of(new WritePartsFn(directory));
  }

  static String header(Schema schema) {
    return schema.getFields().stream()
        .map(f -> SqlNames.column(f.getName()))
        .collect(Collectors.joining(","));
  }

  static String csvLine(Row row) {
    StringBuilder line = new StringBuilder(256);
    List<Object> values = row.getValues();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      appendCell(line, values.get(i));
    }
    return line.toString();
  }

  static String cell(Object value) {
    StringBuilder cell = new StringBuilder();
    appendCell(cell, value);
    return cell.toString();
  }

  /** One value as RFC 4180 wants it: quoted where it holds a comma, quote or line break. */
  private static void appendCell(StringBuilder line, Object value) {
    if (value == null) {
      return;
    }
    String text;
    if (value instanceof String s) {
      text = s;
    } else if (value instanceof ReadableInstant instant) {
      text = isoUtc(instant.getMillis());
    } else if (value instanceof Collection<?> items) {
      StringBuilder joined = new StringBuilder();
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          joined.append(';');
        }
        joined.append(item);
        first = false;
      }
      text = joined.toString();
    } else {
      text = String.valueOf(value);
    }
    if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0) {
      line.append('"').append(text.replace("\"", "\"\"")).append('"');
    } else {
      line.append(text);
    }
  }

  /**
   * An instant as Joda prints one in UTC ({@code 2024-01-15T10:00:02.806Z}, the timestamps of the
   * detail tables), written directly for the years 0 to 9999: a detail table holds millions.
   */
  static String isoUtc(long millis) {
    long days = Math.floorDiv(millis, 86_400_000L);
    int msOfDay = (int) Math.floorMod(millis, 86_400_000L);
    // Howard Hinnant's civil_from_days.
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      return new org.joda.time.Instant(millis).toString();
    }
    char[] out = "0000-00-00T00:00:00.000Z".toCharArray();
    put(out, 0, (int) year, 4);
    put(out, 5, month, 2);
    put(out, 8, day, 2);
    put(out, 11, msOfDay / 3_600_000, 2);
    put(out, 14, msOfDay / 60_000 % 60, 2);
    put(out, 17, msOfDay / 1000 % 60, 2);
    put(out, 20, msOfDay % 1000, 3);
    return new String(out);
  }

  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static ResourceId file(String directory, String name) {
    return FileSystems.matchNewResource(directory, true)
        .resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  /** Each row of a stream of tables as its CSV line, keyed by its table. */
  private static class StreamCsvLineFn extends DoFn<RawUnionValue, KV<String, String>> {
    private final List<String> tables;

    StreamCsvLineFn(List<String> tables) {
      this.tables = tables;
    }

    @ProcessElement
    public void process(@Element RawUnionValue row, OutputReceiver<KV<String, String>> out) {
      out.output(KV.of(tables.get(row.getUnionTag()), csvLine((Row) row.getValue())));
    }
  }

  /** Each row of one table as its CSV line, keyed by the table. */
  private static class CsvLineFn extends DoFn<Row, KV<String, String>> {
    private final String table;

    CsvLineFn(String table) {
      this.table = table;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<String, String>> out) {
      out.output(KV.of(table, csvLine(row)));
    }
  }

  /**
   * Writes a bundle's lines into one part file per table; outputs (table, part) when done. It
   * follows the step making the lines, so on runners that fuse steps no line is encoded on its
   * way to disk.
   */
  private static class WritePartsFn extends DoFn<KV<String, String>, KV<String, String>> {
    private final String directory;
    private transient Map<String, Writer> writers;
    private transient Map<String, String> partNames;

    WritePartsFn(String directory) {
      this.directory = directory;
    }

    @StartBundle
    public void startBundle() {
      writers = new HashMap<>();
      partNames = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<String, String> line) throws IOException {
      Writer writer = writers.get(line.getKey());
      if (writer == null) {
        String table = line.getKey();
        ResourceId part =
            file(directory, "." + table + ".csv." + UUID.randomUUID() + PART_SUFFIX);
        writer = new BufferedWriter(
            new OutputStreamWriter(
                Channels.newOutputStream(FileSystems.create(part, "text/csv")),
                StandardCharsets.UTF_8),
            1 << 16);
        writers.put(table, writer);
        partNames.put(table, part.toString());
      }
      writer.write(line.getValue());
      writer.write('\n');
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) throws IOException {
      for (Map.Entry<String, Writer> writer : writers.entrySet()) {
        writer.getValue().close();
        c.output(
            KV.of(writer.getKey(), partNames.get(writer.getKey())),
            GlobalWindow.INSTANCE.maxTimestamp(),
            GlobalWindow.INSTANCE);
      }
      writers.clear();
      partNames.clear();
    }
  }

  /** Writes each table's file: its header, then its parts in name order; deletes the parts. */
  private static class JoinPartsFn extends DoFn<KV<String, Iterable<String>>, Void> {
    private final String directory;
    private final Map<String, String> headers;

    JoinPartsFn(String directory, Map<String, String> headers) {
      this.directory = directory;
      this.headers = headers;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<String>> table) throws IOException {
      List<ResourceId> parts = new ArrayList<>();
      for (String part : table.getValue()) {
        if (!part.isEmpty()) {
          parts.add(FileSystems.matchNewResource(part, false));
        }
      }
      parts.sort((a, b) -> a.toString().compareTo(b.toString()));
      ResourceId target = file(directory, table.getKey() + ".csv");
      if (!parts.isEmpty() && !allExist(parts) && exists(target)) {
        return; // joined before, and its parts deleted since: this is a retry
      }
      try (OutputStream out = Channels.newOutputStream(FileSystems.create(target, "text/csv"))) {
        out.write((headers.get(table.getKey()) + "\n").getBytes(StandardCharsets.UTF_8));
        for (ResourceId part : parts) {
          try (InputStream in = Channels.newInputStream(FileSystems.open(part))) {
            in.transferTo(out);
          }
        }
      }
      FileSystems.delete(parts, StandardMoveOptions.IGNORE_MISSING_FILES);
    }

    private static boolean allExist(List<ResourceId> parts) throws IOException {
      for (MatchResult match : FileSystems.matchResources(parts)) {
        if (match.status() != MatchResult.Status.OK) {
          return false;
        }
      }
      return true;
    }

    private static boolean exists(ResourceId file) throws IOException {
      return allExist(List.of(file));
    }
  }
}
