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
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The dimension tables and the names by id built from one reference data snapshot. */
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
    assertEquals(
        Map.of("q1", "Sales", "w1", "Issue Resolved", "s1", "Spanish", "q-old", "Retired queue"),
        result.names());
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
    assertEquals(Map.of("x", "Code X"), result.names());
    pipeline.run();
  }
}
