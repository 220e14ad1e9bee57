package io.gckpi.pipeline.tables;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.transforms.join.UnionCoder;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The rows of several tables in one collection, as one step makes them: each element a {@link
 * RawUnionValue} whose tag is its table's place in {@link #tables()}. The detail tables leave the
 * detail records so, in one pass over each record.
 *
 * <p>Why not a collection per table straight away: a step with several outputs hands every
 * consumer all of them on runners that ship a step's output whole to each consumer (Flink's batch
 * translation does: each output's consumer reads every element of every output and drops the
 * others), so five tables of a few million rows would each be encoded five times. A sink that
 * writes every table the same way (the files sink) writes the stream as it is; a sink that needs
 * one collection per table asks {@link #rowsOf}, which splits the stream once, on first asking.
 */
public final class TableStream {
  private final String name;
  private final PCollection<RawUnionValue> rows;
  private final List<String> tables;
  private final List<Schema> schemas;
  private PCollectionTuple split;

  private TableStream(
      String name, PCollection<RawUnionValue> rows, List<String> tables, List<Schema> schemas) {
    this.name = name;
    this.rows = rows;
    this.tables = List.copyOf(tables);
    this.schemas = List.copyOf(schemas);
  }

  /**
   * Declares {@code rows} (tagged by the index of their table in {@code tables}) as a stream of
   * those tables, with the coder of their schemas.
   */
  public static TableStream of(
      String name, PCollection<RawUnionValue> rows, List<String> tables, List<Schema> schemas) {
    if (tables.size() != schemas.size()) {
      throw new IllegalArgumentException(name + ": " + tables.size() + " tables, "
          + schemas.size() + " schemas");
    }
    rows.setCoder(coder(schemas));
    return new TableStream(name, rows, tables, schemas);
  }

  /** The coder of a stream of rows of {@code schemas}. */
  public static UnionCoder coder(List<Schema> schemas) {
    List<Coder<?>> coders = new ArrayList<>();
    schemas.forEach(schema -> coders.add(RowCoder.of(schema)));
    return UnionCoder.of(coders);
  }

  public String name() {
    return name;
  }

  public PCollection<RawUnionValue> rows() {
    return rows;
  }

  public List<String> tables() {
    return tables;
  }

  public Schema schema(int table) {
    return schemas.get(table);
  }

  /** The rows of the {@code table}-th table, splitting the stream the first time any is asked. */
  public synchronized PCollection<Row> rowsOf(int table) {
    if (split == null) {
      List<TupleTag<Row>> tags = new ArrayList<>();
      for (String t : tables) {
        tags.add(new TupleTag<>(t));
      }
      TupleTagList others = TupleTagList.empty();
      for (TupleTag<Row> tag : tags.subList(1, tags.size())) {
        others = others.and(tag);
      }
      split = rows.apply("Split " + name,
          ParDo.of(new SplitFn(tags)).withOutputTags(tags.get(0), others));
      for (int i = 0; i < tags.size(); i++) {
        split.get(tags.get(i)).setRowSchema(schemas.get(i));
      }
    }
    return split.get(new TupleTag<Row>(tables.get(table)));
  }

  private static class SplitFn extends DoFn<RawUnionValue, Row> {
    private final List<TupleTag<Row>> tags;

    SplitFn(List<TupleTag<Row>> tags) {
      this.tags = tags;
    }

    @ProcessElement
    public void process(@Element RawUnionValue row, MultiOutputReceiver out) {
      out.get(tags.get(row.getUnionTag())).output((Row) row.getValue());
    }
  }
}
