package io.gckpi.pipeline.influx;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;

import io.gckpi.pipeline.RunSummary;
import io.gckpi.pipeline.files.CsvTableReader;
import io.gckpi.pipeline.influx.SkillHourTotals.Point;
import io.gckpi.pipeline.tables.TableReader;
import io.gckpi.pipeline.testing.InfluxTestDatabase;
import io.gckpi.pipeline.testing.JobRuns;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The job end to end with {@code --sink=files,influx}: the emulator day through the API path, the
 * tables as CSV, and the hourly AHT per skill as points in a real InfluxDB 1.x, which must be
 * exactly the rows of {@code aht_by_skill_hourly.csv}. A re-run of the day from staging writes the
 * same points again and leaves them as they were.
 */
@RunWith(JUnit4.class)
public class InfluxRunIT {
  private static final int VOLUME = 400;

  @Rule public final InfluxTestDatabase influx = new InfluxTestDatabase();
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private String[] args(String... more) {
    List<String> all =
        new ArrayList<>(
            List.of("--date=2024-01-15", "--windowSize=PT6H", "--sink=files,influx",
                "--influxUrl=" + influx.url(), "--influxDatabase=" + influx.database()));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  @Test
  public void pointsAreTheAhtBySkillHourlyRowsAndARerunLeavesThem() throws Exception {
    Path out = folder.newFolder("out").toPath();
    RunSummary summary = JobRuns.run(args("--emulatorVolume=" + VOLUME, "--output=" + out));
    assertEquals(summary.fields().toString(), 0, summary.exitCode());

    Set<Point> rows = ahtBySkillHourly(out);
    assertThat(rows.size(), greaterThan(24));
    assertEquals(rows, WriteInfluxLineProtocolIT.points(influx));

    Path again = folder.newFolder("again").toPath();
    RunSummary raw =
        JobRuns.run(args("--source=raw", "--staging=" + out.resolve("raw"), "--output=" + again));
    assertEquals(0, raw.exitCode());
    assertEquals("the re-run computed the same hours", rows, ahtBySkillHourly(again));
    assertEquals(rows, WriteInfluxLineProtocolIT.points(influx));
  }

  /** The rows of aht_by_skill_hourly.csv, as the points they must be. */
  private static Set<Point> ahtBySkillHourly(Path out) {
    Set<Point> rows = new HashSet<>();
    for (Map<String, String> row : CsvTableReader.of(out).rows("aht_by_skill_hourly")) {
      rows.add(
          new Point(
              Instant.parse(row.get("hour_start")).toEpochMilli(),
              row.get("skill_id"),
              Double.parseDouble(row.get("avg_handle_time")),
              Long.parseLong(row.get("conversation_count"))));
    }
    return rows;
  }
}
