package io.gckpi.pipeline.tables;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Select;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Sums every 64-bit field of additive component rows per key, keeping the key fields and dropping
 * every other field. Because components are plain sums, summing per window and then per day gives
 * the same numbers as summing per day at once: the property the tables' idempotency rests on.
 */
public class SumPerKey extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final List<String> keyFields;

  private SumPerKey(List<String> keyFields) {
    this.keyFields = List.copyOf(keyFields);
  }

  public static SumPerKey of(String... keyFields) {
    return new SumPerKey(List.of(keyFields));
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> components) {
    Schema input = components.getSchema();
    List<String> kept = new ArrayList<>(keyFields);
    for (Schema.Field field : input.getFields()) {
      if (!keyFields.contains(field.getName())
          && field.getType().getTypeName() == Schema.TypeName.INT64) {
        kept.add(field.getName());
      }
    }
    PCollection<Row> projected =
        components.apply("Project", Select.fieldNames(kept.toArray(new String[0])));
    Schema schema = projected.getSchema();
    return projected
        .apply(
            "KeyBy " + String.join(",", keyFields),
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Row.class)))
                .via((Row row) -> KV.of(keyOf(row), row)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RowCoder.of(schema)))
        .apply("Sum", Combine.perKey(new SumLongFields(schema, keyFields)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RowCoder.of(schema)))
        .apply("Rows", Values.create())
        .setRowSchema(schema);
  }

  private String keyOf(Row row) {
    StringBuilder key = new StringBuilder();
    for (String field : keyFields) {
      key.append(String.valueOf((Object) row.getValue(field))).append('\u0001');
    }
    return key.toString();
  }

  /** Sums the non-key fields of same-key rows; the key fields come from any of them. */
  static class SumLongFields extends Combine.CombineFn<Row, Row, Row> {
    private final Schema schema;
    private final List<String> keyFields;

    SumLongFields(Schema schema, List<String> keyFields) {
      this.schema = schema;
      this.keyFields = keyFields;
    }

    @Override
    public Row createAccumulator() {
      return null;
    }

    @Override
    public Row addInput(Row sum, Row input) {
      return sum == null ? input : add(sum, input);
    }

    @Override
    public Row mergeAccumulators(Iterable<Row> sums) {
      Row total = null;
      for (Row sum : sums) {
        total = total == null ? sum : sum == null ? total : add(total, sum);
      }
      return total;
    }

    @Override
    public Row extractOutput(Row sum) {
      return sum;
    }

    @Override
    public Coder<Row> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
      return NullableCoder.of(RowCoder.of(schema));
    }

    private Row add(Row a, Row b) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < schema.getFieldCount(); i++) {
        values.add(
            keyFields.contains(schema.getField(i).getName())
                ? a.getValue(i)
                : (Object) (nullToZero(a.getInt64(i)) + nullToZero(b.getInt64(i))));
      }
      return Row.withSchema(schema).addValues(values).build();
    }

    private static long nullToZero(Long value) {
      return value == null ? 0 : value;
    }
  }
}
