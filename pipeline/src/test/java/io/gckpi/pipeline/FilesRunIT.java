package io.gckpi.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.GroundTruth;
import io.gckpi.genesys.testing.SyntheticDataset;
import io.gckpi.pipeline.files.CsvRows;
import io.gckpi.pipeline.files.CsvTableReader;
import io.gckpi.pipeline.tables.TableReader;
import io.gckpi.pipeline.testing.DimensionChecks;
import io.gckpi.pipeline.testing.JobRuns;
import io.gckpi.pipeline.verify.GroundTruthCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The embedded default end to end: the emulator in-process, the real API path through GenesysIO,
 * staging, the KPI transforms and the files sink; then the same day recomputed from staging
 * alone with {@code --source=raw}.
 */
@RunWith(JUnit4.class)
public class FilesRunIT {
  private static final int VOLUME = 800;
  private static final Interval DAY = Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z");

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static SyntheticDataset dataset() {
    return SyntheticDataset.generate(
        EmulatorConfig.builder().setConversationsPerDay(VOLUME).build());
  }

  @Test
  public void emulatorDayIsExactAgainstGroundTruthAndRawRecomputeMatches() throws Exception {
    Path out = folder.newFolder("out").toPath();
    java.time.Instant launched = java.time.Instant.now();
    RunSummary summary =
        JobRuns.run("--emulatorVolume=" + VOLUME, "--windowSize=PT6H", "--aggregateSizing=100",
            "--output=" + out);

    assertEquals(summary.fields().toString(), 0, summary.exitCode());
    // Where the time went: the read's last page, then the end of the run, both after the launch.
    java.time.Instant readEnded =
        java.time.Instant.parse(String.valueOf(summary.get("readEndedAt")));
    java.time.Instant finished = java.time.Instant.parse(String.valueOf(summary.get("finishedAt")));
    assertTrue(summary.fields().toString(),
        launched.isBefore(readEnded) && readEnded.isBefore(finished)
            && !finished.isAfter(java.time.Instant.now()));
    // Busy 6-hour windows hold more than 100 conversations: planned in parts, one job each.
    assertTrue(
        CsvTableReader.of(out).rows("extraction_windows").stream()
            .anyMatch(w -> w.get("job_id").contains(",")));
    for (String table :
        List.of("interaction_timelines", "malformed_interactions", "kpi_daily",
            "aht_by_skill_hourly", "filtered_counts", "extraction_windows", "reconciliation",
            "queues", "wrapup_codes", "skills", "users")) {
      assertTrue(table + ".csv is missing", Files.exists(out.resolve(table + ".csv")));
    }
    assertTrue(Files.exists(out.resolve("run_summary.json")));
    assertThat(GroundTruthCheck.compare(CsvTableReader.of(out), dataset(), DAY), empty());
    // The detail tables hold the records the emulator served, row for row, and the summary
    // counts those rows: one segment row per segment, one session row per session.
    assertThat(GroundTruthCheck.compareDetailRecords(CsvTableReader.of(out), dataset(), DAY),
        empty());
    assertDetailRowsCounted(summary, CsvTableReader.of(out));

    // Every conversation read has one row: read = written + malformed, in the summary and in the
    // files; filtered counts the timeline rows that carry an excluded reason.
    long read = summary.getLong("read");
    assertEquals(dataset().idsStartingIn(DAY).size(), read);
    assertEquals(read, summary.getLong("written") + summary.getLong("malformed"));
    assertEquals(Boolean.TRUE, summary.get("balanced"));
    List<Map<String, String>> timelines = CsvTableReader.of(out).rows("interaction_timelines");
    assertEquals(read, timelines.size() + CsvTableReader.of(out).rows("malformed_interactions").size());
    long filteredInFile =
        CsvTableReader.of(out).rows("filtered_counts").stream()
            .mapToLong(r -> Long.parseLong(r.get("count")))
            .sum();
    long excludedRows =
        timelines.stream().filter(r -> !r.get("excluded_reason").isEmpty()).count();
    assertThat(excludedRows, greaterThan(0L));
    assertEquals(excludedRows, filteredInFile);
    assertEquals(excludedRows, summary.getLong("filtered"));
    // The emulator's session metrics agree with its segments.
    assertEquals(summary.fields().toString(), 0L, summary.getLong("metricDisagreements"));
    assertThat(summary.getLong("reconciliationCells"), greaterThan(0L));
    assertEquals(0L, summary.getLong("reconciliationBreaches"));

    // The reference data as dimension tables, equal to the emulator's org; its modified dates as
    // the API listed them; the reports name queues and skills beside their ids.
    DimensionChecks.assertDimensionsAreTheOrg(CsvTableReader.of(out), dataset());
    Map<String, String> skillModified = new java.util.HashMap<>();
    dataset().skills().forEach(k -> skillModified.put(k.id(), k.dateModified().toString()));
    for (Map<String, String> skill : CsvTableReader.of(out).rows("skills")) {
      assertEquals(skillModified.get(skill.get("id")),
          Instant.parse(skill.get("date_modified")).toString());
    }
    List<Long> named = DimensionChecks.assertReportsNameQueuesAndSkills(CsvTableReader.of(out),
        dataset());
    assertThat(named.get(0), greaterThan(10L));
    assertThat(named.get(1), greaterThan(10L));
    assertThat(header(out, "kpi_daily"), startsWith("report_date,queue_id,queue_name,media_type,"));
    assertThat(header(out, "aht_by_skill_hourly"), startsWith("hour_start,skill_id,skill_name,"));
    assertTrue(CsvTableReader.of(out).rows("kpi_daily").stream()
        .anyMatch(r -> "Support_Tier1".equals(r.get("queue_name"))));

    // The same tables again from staging alone, without the API.
    Path again = folder.newFolder("again").toPath();
    RunSummary raw =
        JobRuns.run("--source=raw", "--staging=" + out.resolve("raw"), "--windowSize=PT6H",
            "--output=" + again);
    assertEquals(0, raw.exitCode());
    assertEquals(sortedLines(out, "interaction_timelines"), sortedLines(again,
        "interaction_timelines"));
    // The re-run names things the same from the staged reference data (the same dimension
    // tables and name columns) and rebuilds the same detail tables.
    List<String> reReadTables = new java.util.ArrayList<>(
        List.of("kpi_daily", "aht_by_skill_hourly", "malformed_interactions", "queues",
            "wrapup_codes", "skills", "users"));
    reReadTables.addAll(DetailRecordTables.TABLES);
    for (String table : reReadTables) {
      assertEquals(table, sortedLines(out, table), sortedLines(again, table));
    }
  }

  private static String header(Path dir, String table) throws Exception {
    return Files.readAllLines(dir.resolve(table + ".csv"), StandardCharsets.UTF_8).get(0);
  }

  /** run_summary's detail counts are the rows of the detail tables, and no segment was lost. */
  static void assertDetailRowsCounted(RunSummary summary, TableReader tables) {
    @SuppressWarnings("unchecked")
    Map<String, Long> counted = (Map<String, Long>) summary.get("detailRows");
    for (String table : DetailRecordTables.TABLES) {
      assertEquals(table, tables.rows(table).size(), counted.get(table).longValue());
    }
    assertThat(counted.get("segments"), greaterThan(counted.get("sessions")));
    assertEquals(0L, summary.getLong("repeatedSegments"));
    assertEquals(summary.getLong("segmentsRead"), counted.get("segments").longValue());
  }

  /**
   * --hashAddresses: no staging file and no table holds a caller's number or a participant's
   * name, each is the HMAC-SHA256 of the value under the key (worked out here with the JDK's own
   * Mac), the same number hashing the same in every table; every other figure is exact against
   * the ground truth. A --source=raw run with the same key over the hashed staging gives the
   * same tables, and over the unhashed records hashes them the same way.
   */
  @Test
  public void hashAddressesLeavesNoNumberOrNameInStagingOrTables() throws Exception {
    int volume = 200;
    SyntheticDataset dataset =
        SyntheticDataset.generate(EmulatorConfig.builder().setConversationsPerDay(volume).build());
    String key = "a-test-key-of-32-characters-long";
    Path out = folder.newFolder("hashed").toPath();
    RunSummary summary = JobRuns.run("--emulatorVolume=" + volume, "--windowSize=PT6H",
        "--hashAddresses", "--hashKey=" + key, "--output=" + out);
    assertEquals(summary.fields().toString(), 0, summary.exitCode());

    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8),
        "HmacSHA256"));
    java.util.function.Function<String, String> hmac = value -> "hmac:"
        + java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));

    String staged = stagedText(out.resolve("raw"));
    assertThat(staged, containsString("\"participantName\":\"hmac:"));
    assertThat(staged, not(org.hamcrest.Matchers.matchesPattern(
        "(?s).*\"(participantName|ani|dnis)\":\"(?!hmac:).*")));
    for (String table : List.of("sessions", "participants", "interaction_timelines")) {
      staged += Files.readString(out.resolve(table + ".csv"));
    }
    assertThat(staged, not(containsString("tel:")));
    List<Map<String, String>> sessions = CsvTableReader.of(out).rows("sessions");
    long hashedAni = 0;
    for (Map<String, String> session : sessions) {
      String ani = session.get("ani");
      if (!ani.isEmpty()) {
        assertThat(ani, org.hamcrest.Matchers.matchesPattern("hmac:[0-9a-f]{64}"));
        hashedAni++;
      }
    }
    assertThat(hashedAni, greaterThan(50L));
    Map<String, String> dnis = sessions.stream().filter(s -> !s.get("dnis").isEmpty())
        .collect(Collectors.toMap(s -> s.get("dnis"), s -> s.get("dnis"), (a, b) -> a));
    assertEquals(Map.of(hmac.apply("tel:+18005550100"), hmac.apply("tel:+18005550100")), dnis);
    for (Map<String, String> participant : CsvTableReader.of(out).rows("participants")) {
      String name = participant.get("participant_name");
      if (!name.isEmpty()) {
        assertThat(name, org.hamcrest.Matchers.matchesPattern("hmac:[0-9a-f]{64}"));
      }
    }
    // The customer key of a timeline is its caller's hashed ani: the same hash as in sessions.
    Map<String, GroundTruth> truth = dataset.groundTruth().stream()
        .collect(Collectors.toMap(GroundTruth::conversationId, t -> t));
    long keyed = 0;
    for (Map<String, String> timeline : CsvTableReader.of(out).rows("interaction_timelines")) {
      String expected = truth.get(timeline.get("conversation_id")).customerKey();
      if (expected != null && expected.startsWith("tel:")) {
        assertEquals(hmac.apply(expected), timeline.get("customer_key"));
        keyed++;
      }
    }
    assertThat(keyed, greaterThan(50L));
    assertThat(GroundTruthCheck.compareDetailRecords(CsvTableReader.of(out), dataset, DAY),
        empty());

    Path again = folder.newFolder("hashed-again").toPath();
    assertEquals(0, JobRuns.run("--source=raw", "--staging=" + out.resolve("raw"),
        "--windowSize=PT6H", "--hashAddresses", "--hashKey=" + key, "--output=" + again)
        .exitCode());
    for (String table : List.of("sessions", "participants", "interaction_timelines")) {
      assertEquals(table, sortedLines(out, table), sortedLines(again, table));
    }

    Path input = folder.newFolder("plain-in").toPath().resolve("conversations.ndjson");
    dataset.writeConversations(input);
    Path fromPlain = folder.newFolder("hashed-from-plain").toPath();
    assertEquals(0, JobRuns.run("--source=raw", "--input=" + input, "--hashAddresses",
        "--hashKey=" + key, "--output=" + fromPlain).exitCode());
    String tables = Files.readString(fromPlain.resolve("sessions.csv"))
        + Files.readString(fromPlain.resolve("participants.csv"))
        + Files.readString(fromPlain.resolve("interaction_timelines.csv"));
    assertThat(tables, not(containsString("tel:")));
    assertThat(tables, containsString(hmac.apply("tel:+18005550100")));
  }

  /** Every staged window file, unzipped, as one text. */
  private static String stagedText(Path staging) throws Exception {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(staging)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".ndjson.gz")).toList()) {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
          text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(text.length(), greaterThan(1000));
    return text.toString();
  }

  @Test
  public void rawInputGlobOfPlainNdjsonIsAccountedFor() throws Exception {
    SyntheticDataset dataset = dataset();
    Path input = folder.newFolder("in").toPath().resolve("conversations.ndjson");
    dataset.writeConversations(input);
    Path out = folder.newFolder("raw-out").toPath();
    RunSummary summary =
        JobRuns.run("--source=raw", "--input=" + input.getParent() + "/*.ndjson",
            "--output=" + out);
    assertEquals(0, summary.exitCode());
    assertEquals(dataset.rawConversations().size(), summary.getLong("read"));
    assertEquals(Boolean.TRUE, summary.get("balanced"));
    assertEquals("no API read, no last page", null, summary.get("readEndedAt"));
    List<Map<String, String>> timelines =
        CsvRows.parse(Files.readString(out.resolve("interaction_timelines.csv")));
    assertThat(timelines.size(), greaterThan(VOLUME / 2));
    // Given no interval, the summary reports what the files held: the span of the conversation
    // starts written, which lies in the emulated days, not in the default day before today.
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Map<String, String> row : timelines) {
      long start = Long.parseLong(row.get("conversation_start_ms"));
      first = Math.min(first, start);
      last = Math.max(last, start);
    }
    assertEquals(
        java.time.Instant.ofEpochMilli(first) + "/" + java.time.Instant.ofEpochMilli(last),
        summary.get("interval"));
  }

  /**
   * Genesys' own session metrics are a check on the segment-derived figures: on the emulated day
   * (metrics consistent with segments) nothing disagrees; lengthen one agent's talk segment by
   * 5 s and that conversation disagrees on talk and handle time, by field.
   */
  @Test
  public void metricDisagreementsAreZeroOnAnEmulatedDayAndCountedWhenASegmentIsAltered()
      throws Exception {
    SyntheticDataset dataset = dataset();
    Path input = folder.newFolder("metrics-in").toPath().resolve("conversations.ndjson");
    dataset.writeConversations(input);
    RunSummary clean =
        JobRuns.run("--source=raw", "--input=" + input, "--output=" + folder.newFolder("m1"));
    assertEquals(clean.fields().toString(), 0L, clean.getLong("metricDisagreements"));

    List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
    ObjectMapper json = new ObjectMapper();
    String altered = null;
    for (int i = 0; i < lines.size() && altered == null; i++) {
      JsonNode conversation;
      try {
        conversation = json.readTree(lines.get(i));
      } catch (Exception notJson) {
        continue; // the emulator's deliberately broken records
      }
      if (lengthenFirstAgentTalk(conversation)) {
        altered = conversation.path("conversationId").asText();
        lines.set(i, json.writeValueAsString(conversation));
      }
    }
    assertTrue("the emulated day has an agent talk segment with tTalkComplete", altered != null);
    Files.write(input, lines, StandardCharsets.UTF_8);
    RunSummary changed =
        JobRuns.run("--source=raw", "--input=" + input, "--output=" + folder.newFolder("m2"));
    assertEquals(Map.of("agent_talk_ms", 1L, "handle_time_ms", 1L),
        changed.get("metricDisagreementsByField"));
    assertEquals(2L, changed.getLong("metricDisagreements"));
  }

  /** Ends the first closed agent interact of a session carrying tTalkComplete 5 s later. */
  private static boolean lengthenFirstAgentTalk(JsonNode conversation) {
    for (JsonNode participant : conversation.path("participants")) {
      if (!"agent".equals(participant.path("purpose").asText())) {
        continue;
      }
      for (JsonNode session : participant.path("sessions")) {
        boolean hasTalkMetric = false;
        for (JsonNode metric : session.path("metrics")) {
          hasTalkMetric |= "tTalkComplete".equals(metric.path("name").asText());
        }
        for (JsonNode segment : session.path("segments")) {
          if (hasTalkMetric && "interact".equals(segment.path("segmentType").asText())
              && segment.hasNonNull("segmentEnd")) {
            ((ObjectNode) segment).put("segmentEnd",
                Instant.parse(segment.get("segmentEnd").asText()).plusSeconds(5).toString());
            return true;
          }
        }
      }
    }
    return false;
  }

  private static List<String> sortedLines(Path dir, String table) throws Exception {
    return Files.readAllLines(dir.resolve(table + ".csv"), StandardCharsets.UTF_8).stream()
        .sorted()
        .collect(Collectors.toList());
  }
}
