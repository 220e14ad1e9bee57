package io.gckpi.pipeline.influx;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.gckpi.pipeline.influx.SkillHourTotals.Point;
import io.gckpi.pipeline.testing.InfluxTestDatabase;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The transform against a real InfluxDB 1.x server (Debian's influxdb, started by {@code
 * scripts/influxdb.sh}; {@code -Dgckpi.test.influxUrl} names it, and without it this test fails):
 * the points read back with InfluxQL are the hand-computed {@code aht_by_skill_hourly} values, and
 * writing again leaves the same points, because a point is identified by measurement, tags and
 * timestamp.
 */
@RunWith(JUnit4.class)
public class WriteInfluxLineProtocolIT {
  @Rule public final InfluxTestDatabase influx = new InfluxTestDatabase();

  @Test
  public void pointsReadBackAreTheHandComputedHourlyAhtAndRewritesOverwrite() throws Exception {
    write(SkillHourTotals.rows());
    assertEquals(SkillHourTotals.points(), points(influx));

    write(SkillHourTotals.rows());
    assertEquals("writing the same rows again", SkillHourTotals.points(), points(influx));

    // A re-run whose 10:00 billing hour changed overwrites that point and adds none.
    List<Row> changed =
        List.of(SkillHourTotals.row("2024-01-15T10:00:00.000Z", "billing", 5, 300.0));
    write(changed);
    Set<Point> expected = new HashSet<>(SkillHourTotals.points());
    expected.remove(new Point(SkillHourTotals.TEN, "billing", 250.0, 4));
    expected.add(new Point(SkillHourTotals.TEN, "billing", 300.0, 5)); // 1500 s over 5
    assertEquals(expected, points(influx));
  }

  private void write(List<Row> rows) {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .apply(Create.of(rows).withRowSchema(SkillHourTotals.SCHEMA))
        .apply(WriteInfluxLineProtocol.STEP_NAME,
            WriteInfluxLineProtocol.to(influx.settings().withBatchSize(2)));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }

  /** Every point of the measurement, as read back with {@code SELECT *} (epoch=ms). */
  static Set<Point> points(InfluxTestDatabase influx) throws Exception {
    List<Map<String, JsonNode>> rows =
        influx.query("SELECT * FROM " + LineProtocol.MEASUREMENT);
    Set<Point> points = new HashSet<>();
    for (Map<String, JsonNode> row : rows) {
      JsonNode skill = row.get(LineProtocol.SKILL_TAG);
      points.add(
          new Point(
              row.get("time").asLong(),
              skill == null || skill.isNull() ? "" : skill.asText(),
              row.get(LineProtocol.AVG_HANDLE_TIME).asDouble(),
              row.get(LineProtocol.CONVERSATION_COUNT).asLong()));
    }
    assertEquals("one point per row, no duplicates", rows.size(), points.size());
    return points;
  }
}
