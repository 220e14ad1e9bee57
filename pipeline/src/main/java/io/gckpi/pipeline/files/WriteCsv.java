package io.gckpi.pipeline.files;

import io.gckpi.pipeline.tables.SqlNames;
import java.util.Collection;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes a schema'd PCollection as one CSV file {@code <dir>/<table>.csv} with a header row of the
 * same snake_case column names as the PostgreSQL tables, so that a files run and a database run
 * can be compared column by column. Values are RFC 4180 quoted where needed; lists are joined with
 * {@code ;}; nulls are empty.
 */
public class WriteCsv<T> extends PTransform<PCollection<T>, PDone> {
  private final String directory;
  private final String table;

  private WriteCsv(String directory, String table) {
    this.directory = directory;
    this.table = table;
  }

  public static <T> WriteCsv<T> to(String directory, String table) {
    return new WriteCsv<>(directory, table);
  }

  @Override
  public PDone expand(PCollection<T> input) {
    if (!input.hasSchema()) {
      throw new IllegalArgumentException("WriteCsv " + table + " needs a schema'd PCollection");
    }
    Schema schema = input.getSchema();
    String header =
        schema.getFields().stream()
            .map(f -> SqlNames.column(f.getName()))
            .collect(Collectors.joining(","));
    String prefix = directory.endsWith("/") ? directory + table : directory + "/" + table;
    return input
        .apply("ToRows", Convert.toRows())
        .apply("ToCsvLine", MapElements.into(TypeDescriptors.strings()).via(csvLine()))
        .apply(
            "WriteFile",
            TextIO.write()
                .to(prefix)
                .withSuffix(".csv")
                .withoutSharding()
                .withShardNameTemplate("")
                .withHeader(header));
  }

  static SerializableFunction<Row, String> csvLine() {
    return row ->
        row.getValues().stream().map(WriteCsv::cell).collect(Collectors.joining(","));
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String text =
        value instanceof Collection<?> items
            ? items.stream().map(String::valueOf).collect(Collectors.joining(";"))
            : String.valueOf(value);
    if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }
}
