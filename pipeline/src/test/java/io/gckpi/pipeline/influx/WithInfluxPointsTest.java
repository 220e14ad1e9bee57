package io.gckpi.pipeline.influx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;

import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.KpiTable.Kind;
import io.gckpi.pipeline.tables.RunTables;
import io.gckpi.pipeline.tables.TableSink;
import io.gckpi.pipeline.testing.RecordingHttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The table sink still gets every table, and its ledger rows arrive only after the points are
 * written: a window the ledger calls complete has its points in InfluxDB.
 */
@RunWith(JUnit4.class)
public class WithInfluxPointsTest {
  private static final Schema LEDGER =
      Schema.builder().addStringField("windowId").addStringField("status").build();

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient RecordingHttpServer server = new RecordingHttpServer();

  /** The recording server, for the step that looks at it when a ledger row goes by. */
  private static volatile RecordingHttpServer current;

  private static long pointsSoFar() {
    return current.requests().stream().mapToLong(r -> r.body().split("\n").length).sum();
  }

  /** A table sink that only notes which tables it was given, and when ledger rows pass. */
  private static class NotingSink implements TableSink {
    final List<KpiTable> written = new ArrayList<>();
    PCollection<Long> pointsSeenByLedgerRows;

    @Override
    public void prepare() {}

    @Override
    public Set<String> completeWindowIds(Interval range) {
      return Set.of("w1");
    }

    @Override
    public void write(RunTables tables) {
      written.addAll(tables.all());
      for (KpiTable table : tables.all()) {
        if (table.kind() == Kind.LEDGER) {
          pointsSeenByLedgerRows =
              table.rows().apply("PointsSoFar",
                  MapElements.into(TypeDescriptors.longs()).via((Row row) -> pointsSoFar()));
        }
      }
    }

    @Override
    public String describe() {
      return "noted tables";
    }
  }

  @Test
  public void theLedgerWaitsForThePointsAndEveryTableGoesToTheTableSink() throws Exception {
    current = server;
    KpiTable components =
        new KpiTable(WithInfluxPoints.AHT_BY_SKILL_HOURLY,
            pipeline.apply("Components",
                Create.of(SkillHourTotals.rows()).withRowSchema(SkillHourTotals.SCHEMA)),
            List.of("hourStart", "skillId"), Kind.REPORT);
    KpiTable ledger =
        new KpiTable("extraction_windows",
            pipeline.apply("Ledger",
                Create.of(Row.withSchema(LEDGER).addValues("w1", "complete").build())
                    .withRowSchema(LEDGER)),
            List.of("windowId"), Kind.LEDGER);
    NotingSink tables = new NotingSink();
    TableSink sink =
        WithInfluxPoints.around(tables, InfluxSettings.v2(server.url(), "o", "b", "t"));
    assertSame(tables, WithInfluxPoints.around(tables, null));
    assertEquals(Set.of("w1"), sink.completeWindowIds(null));

    sink.write(RunTables.of(pipeline, List.of(components, ledger)));

    assertEquals(2, tables.written.size());
    assertSame(components, tables.written.get(0));
    assertNotSame(ledger.rows(), tables.written.get(1).rows());
    assertEquals(ledger.keyFields(), tables.written.get(1).keyFields());
    PAssert.thatSingleton(tables.pointsSeenByLedgerRows)
        .isEqualTo((long) SkillHourTotals.points().size());
    pipeline.run().waitUntilFinish();
  }
}
