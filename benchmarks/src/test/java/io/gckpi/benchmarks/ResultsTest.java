package io.gckpi.benchmarks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The results file and table from made-up figures: nothing is measured here. */
@RunWith(JUnit4.class)
public class ResultsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private static Results results() throws Exception {
    Figure plain = new Figure("1a", "plain loop");
    plain.unit = "conversations/s";
    for (double v : new double[] {900, 1000, 1100}) {
      plain.addWithPeak(v, MAPPER.readTree("{\"peakBytes\": " + (long) v * 1_048_576 + "}"));
    }
    plain.compare(1.0, "1.00x", "the floor", null);
    Figure direct = new Figure("1b", "DirectRunner");
    direct.unit = "conversations/s";
    direct.add(300).add(400).add(200);
    direct.compare(0.3, "0.30x plain loop", ">= 0.5x plain loop", false);
    Figure failed = Figure.failed("3", "sink", new IllegalStateException("no database"));
    BenchSettings settings = BenchSettings.parse("--runs=3", "--jdbcUrl=jdbc:postgresql://h/d?password=secret");
    return new Results("2024-01-15T00:00:00Z", Map.of("cores", 2), settings.toMap(),
        List.of(plain, direct, failed));
  }

  @Test
  public void writesMediansTargetsAndErrorsWithoutTheJdbcUrl() throws Exception {
    Path file = folder.getRoot().toPath().resolve("results/latest.json");
    results().write(file);
    String text = Files.readString(file);
    JsonNode root = MAPPER.readTree(text);

    assertEquals(2, root.get("machine").get("cores").asInt());
    assertEquals(3, root.get("settings").get("runs").asInt());
    assertFalse(text.contains("secret"));
    JsonNode plain = root.get("figures").get(0);
    assertEquals(1000.0, plain.get("median").asDouble(), 0);
    assertEquals(1000L * 1_048_576, plain.get("peakMemoryBytesMedian").asLong());
    JsonNode direct = root.get("figures").get(1);
    assertEquals(300.0, direct.get("median").asDouble(), 0);
    assertFalse(direct.get("meetsTarget").asBoolean());
    assertTrue(direct.get("peakMemoryBytesMedian") == null);
    assertEquals("no database", root.get("figures").get(2).get("error").asText());
  }

  @Test
  public void printsOneTableRowPerFigure() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    results().print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

    assertEquals(5, lines.size());
    assertThat(lines.get(0), containsString("median of 3 runs"));
    assertThat(lines.get(2), containsString("1,000 conversations/s, peak 1,000 MiB"));
    assertThat(lines.get(3), containsString("| >= 0.5x plain loop | misses |"));
    assertThat(lines.get(4), containsString("failed"));
  }

  @Test
  public void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)), 0);
  }
}
