package io.gckpi.pipeline.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import com.google.auto.value.AutoValue;
import io.gckpi.pipeline.testing.PostgresTestSchema;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** UpsertRows against a real PostgreSQL: insert, replace when changed, skip when unchanged. */
@RunWith(JUnit4.class)
public class UpsertRowsTest {
  @Rule public final PostgresTestSchema db = new PostgresTestSchema();

  @AutoValue
  @DefaultSchema(AutoValueSchema.class)
  abstract static class Sample {
    abstract String getSampleId();

    abstract long getValueMs();

    abstract @Nullable String getNote();

    abstract List<String> getTags();

    static Sample of(String id, long value, @Nullable String note, List<String> tags) {
      return new AutoValue_UpsertRowsTest_Sample(id, value, note, tags);
    }
  }

  @Before
  public void createTable() throws Exception {
    db.execute(
        "CREATE TABLE samples (sample_id text PRIMARY KEY, value_ms bigint NOT NULL, note text,"
            + " tags text[] NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())");
  }

  private void write(List<Sample> samples) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply(Create.of(samples))
        .apply(UpsertRows.<Sample>into(db.settings(), "samples", "sampleId").withBatchSize(2));
    pipeline.run().waitUntilFinish();
  }

  /** sample_id -> [value_ms, note, tags, xmin]: xmin changes only when a row is rewritten. */
  private Map<String, List<String>> rows() throws Exception {
    return db.query("SELECT sample_id, value_ms, note, tags::text, xmin::text FROM samples").stream()
        .collect(Collectors.toMap(r -> r.get(0), r -> r.subList(1, 5)));
  }

  @Test
  public void insertsThenSkipsUnchangedThenReplacesChanged() throws Exception {
    List<Sample> first =
        List.of(
            Sample.of("a", 1000L, null, List.of("x")),
            Sample.of("b", 2500L, "has, comma", List.of()),
            Sample.of("c", 7L, "n", List.of("p", "q")));
    write(first);
    Map<String, List<String>> afterFirst = rows();
    assertEquals(3, afterFirst.size());
    assertEquals(java.util.Arrays.asList("1000", null), afterFirst.get("a").subList(0, 2));
    assertEquals("{p,q}", afterFirst.get("c").get(2));

    write(first);
    Map<String, List<String>> afterSame = rows();
    assertEquals("re-running identical rows rewrites nothing", afterFirst, afterSame);

    write(List.of(Sample.of("b", 2600L, "has, comma", List.of()), first.get(0)));
    Map<String, List<String>> afterChange = rows();
    assertEquals(3, afterChange.size());
    assertEquals("2600", afterChange.get("b").get(0));
    assertNotEquals(afterSame.get("b").get(3), afterChange.get("b").get(3));
    assertEquals(afterSame.get("a"), afterChange.get("a"));
    assertEquals(afterSame.get("c"), afterChange.get("c"));
  }

  @Test
  public void aStreamsSuccessivePanesOfOneKeyInOneBatchEndWithTheLater() throws Exception {
    // Two panes of key a (and one of b) arrive together: one batch of 3. As one multi-row
    // statement PostgreSQL refuses it ("cannot affect row a second time").
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply(
            TestStream.create(SchemaCoder.of(
                    pipeline.getSchemaRegistry().getSchema(Sample.class),
                    TypeDescriptor.of(Sample.class),
                    pipeline.getSchemaRegistry().getToRowFunction(Sample.class),
                    pipeline.getSchemaRegistry().getFromRowFunction(Sample.class)))
                .addElements(Sample.of("a", 1L, "first pane", List.of()),
                    Sample.of("b", 5L, null, List.of()),
                    Sample.of("a", 2L, "second pane", List.of()))
                .advanceWatermarkToInfinity())
        .apply(UpsertRows.<Sample>into(db.settings(), "samples", "sampleId").withBatchSize(3));
    pipeline.run().waitUntilFinish();
    Map<String, List<String>> rows = rows();
    assertEquals(2, rows.size());
    assertEquals(List.of("2", "second pane"), rows.get("a").subList(0, 2));
  }

  @Test
  public void statementReplacesWholeRowOnlyWhenDifferent() {
    String sql =
        UpsertStatement.forSchema(
            "samples",
            org.apache.beam.sdk.schemas.Schema.builder()
                .addStringField("sampleId")
                .addInt64Field("valueMs")
                .build(),
            List.of("sampleId"));
    assertEquals(
        "INSERT INTO samples (sample_id, value_ms) VALUES (?, ?) ON CONFLICT (sample_id)"
            + " DO UPDATE SET value_ms = EXCLUDED.value_ms, updated_at = now()"
            + " WHERE (samples.value_ms) IS DISTINCT FROM (EXCLUDED.value_ms)",
        sql);
  }
}
