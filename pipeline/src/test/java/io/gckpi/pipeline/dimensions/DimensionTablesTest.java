package io.gckpi.pipeline.dimensions;

import static org.junit.Assert.assertEquals;

import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import io.gckpi.genesys.client.ReferenceData;
import io.gckpi.pipeline.tables.KpiTable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The dimension tables and the names side input built from one reference data snapshot. */
@RunWith(JUnit4.class)
public class DimensionTablesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final ReferenceEntity SALES =
      new ReferenceEntity("q1", "Sales", "d1", "Home", null, Instant.parse("2023-09-14T05:13:20Z"));
  private static final ReferenceEntity RESOLVED = new ReferenceEntity("w1", "Issue Resolved");
  private static final ReferenceEntity SPANISH =
      new ReferenceEntity("s1", "Spanish", "d1", "Home", "active", null);
  private static final ReferenceEntity AGENT =
      new ReferenceEntity("u1", "Agent 01", "d1", "Home", "inactive", null);

  @Test
  public void eachKindIsATableKeyedByIdAndTheNamesCoverQueuesCodesAndSkills() {
    Dimensions dimensions =
        new Dimensions(
            new ReferenceData(List.of(SALES), List.of(RESOLVED), List.of(SPANISH), List.of(AGENT)),
            Map.of("q-old", "Retired queue"));
    DimensionTables.Result result = DimensionTables.build(pipeline, dimensions);

    assertEquals(List.of("queues", "wrapup_codes", "skills", "users"),
        result.tables().stream().map(KpiTable::name).toList());
    for (KpiTable table : result.tables()) {
      assertEquals(List.of("id"), table.keyFields());
      assertEquals(KpiTable.Kind.DIMENSION, table.kind());
      assertEquals(true, table.inDatabase() && table.inFiles() && !table.keyedByWindow());
    }
    PAssert.that(result.tables().get(0).rows())
        .containsInAnyOrder(
            Row.withSchema(DimensionRows.SCHEMA)
                .addValues("q1", "Sales", "d1", "Home", null,
                    new org.joda.time.Instant(Instant.parse("2023-09-14T05:13:20Z").toEpochMilli()))
                .build());
    PAssert.that(result.tables().get(3).rows())
        .containsInAnyOrder(
            Row.withSchema(DimensionRows.SCHEMA)
                .addValues("u1", "Agent 01", "d1", "Home", "inactive", null)
                .build());
    PAssert.that(namesSeen(result.names()))
        .containsInAnyOrder(
            KV.of("q1", "Sales"), KV.of("w1", "Issue Resolved"), KV.of("s1", "Spanish"),
            KV.of("q-old", "Retired queue"));
    pipeline.run();
  }

  /** Two rows with one id (two kinds sharing it) give one name, the same on every run. */
  @Test
  public void anIdMetTwiceHasOneName() {
    DimensionTables.Result result =
        DimensionTables.build(
            pipeline,
            Dimensions.of(
                new ReferenceData(List.of(new ReferenceEntity("x", "Queue X")),
                    List.of(new ReferenceEntity("x", "Code X")),
                    List.of(new ReferenceEntity("nameless", null)), List.of())));
    PAssert.that(namesSeen(result.names())).containsInAnyOrder(KV.of("x", "Code X"));
    pipeline.run();
  }

  /** The whole side input, as one element per entry. */
  private PCollection<KV<String, String>> namesSeen(PCollectionView<Map<String, String>> names) {
    return pipeline
        .apply("Once", Create.of(1))
        .apply("ReadNames", ParDo.of(new EntriesFn(names)).withSideInputs(names));
  }

  private static final class EntriesFn extends DoFn<Integer, KV<String, String>> {
    private final PCollectionView<Map<String, String>> names;

    EntriesFn(PCollectionView<Map<String, String>> names) {
      this.names = names;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.sideInput(names).forEach((id, name) -> c.output(KV.of(id, name)));
    }
  }
}
