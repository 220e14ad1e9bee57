package io.gckpi.pipeline.bigquery;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableConstraints;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import io.gckpi.pipeline.tables.SqlNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * How gckpi's schema rows look in BigQuery: the same snake_case columns as in PostgreSQL and the
 * CSV files ({@link SqlNames}), so that one set of queries reads every sink.
 *
 * <p>{@code report_date} travels as a {@code yyyy-MM-dd} string through the pipeline and is a
 * BigQuery {@code DATE}, the column the tables are partitioned by; arrays become repeated
 * columns.
 */
public final class BigQueryRows {
  /** The field every table with a report date is partitioned by. */
  public static final String PARTITION_FIELD = "reportDate";

  private BigQueryRows() {}

  public static TableSchema tableSchema(Schema schema) {
    List<TableFieldSchema> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      FieldType type = field.getType();
      boolean repeated =
          type.getTypeName() == Schema.TypeName.ARRAY
              || type.getTypeName() == Schema.TypeName.ITERABLE;
      FieldType element = repeated ? type.getCollectionElementType() : type;
      fields.add(
          new TableFieldSchema()
              .setName(SqlNames.column(field.getName()))
              .setType(PARTITION_FIELD.equals(field.getName()) ? "DATE" : typeOf(element, field))
              .setMode(repeated ? "REPEATED" : type.getNullable() ? "NULLABLE" : "REQUIRED"));
    }
    return new TableSchema().setFields(fields);
  }

  private static String typeOf(FieldType type, Field field) {
    return switch (type.getTypeName()) {
      case STRING -> "STRING";
      case BYTE, INT16, INT32, INT64 -> "INT64";
      case FLOAT, DOUBLE -> "FLOAT64";
      case DECIMAL -> "NUMERIC";
      case BOOLEAN -> "BOOL";
      case DATETIME -> "TIMESTAMP";
      default ->
          throw new IllegalArgumentException(
              "no BigQuery column type for field " + field.getName() + " of type " + type);
    };
  }

  /** The row as BigQuery's JSON-like TableRow: snake_case keys, nulls left out, lists as lists. */
  public static TableRow tableRow(Row row) {
    TableRow out = new TableRow();
    Schema schema = row.getSchema();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Object value = row.getValue(i);
      if (value == null) {
        continue;
      }
      if (value instanceof Iterable<?> items) {
        List<Object> list = new ArrayList<>();
        items.forEach(list::add);
        value = list;
      } else if (value instanceof org.joda.time.ReadableInstant instant) {
        value = instant.toString();
      }
      out.set(SqlNames.column(schema.getField(i).getName()), value);
    }
    return out;
  }

  public static boolean isPartitioned(Schema schema) {
    return schema.hasField(PARTITION_FIELD);
  }

  /**
   * The definition of a table of these rows: its columns, the primary key change data capture
   * needs (BigQuery keeps it {@code NOT ENFORCED}), and for a table with a report date,
   * partitioning by it and clustering by (at most four columns of) the key.
   */
  public static Table table(TableReference reference, Schema schema, List<String> keyFields) {
    List<String> keyColumns = keyFields.stream().map(SqlNames::column).toList();
    Table table = new Table()
        .setTableReference(reference)
        .setSchema(tableSchema(schema))
        .setTableConstraints(new TableConstraints()
            .setPrimaryKey(new TableConstraints.PrimaryKey().setColumns(keyColumns)));
    if (isPartitioned(schema)) {
      table
          .setTimePartitioning(new TimePartitioning()
              .setType("DAY")
              .setField(SqlNames.column(PARTITION_FIELD)))
          .setClustering(new Clustering()
              .setFields(keyColumns.subList(0, Math.min(4, keyColumns.size()))));
    }
    return table;
  }
}
