package io.gckpi.pipeline.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import io.gckpi.genesys.testing.SyntheticDataset;
import io.gckpi.pipeline.tables.TableReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's dimension tables and names against the emulator's org: the truth is the dataset the
 * emulator serves, not what the job read.
 */
public final class DimensionChecks {
  private DimensionChecks() {}

  /**
   * queues, wrapup_codes, skills and users hold exactly the org's entities, with their names,
   * divisions and states (users in every state, inactive agents included).
   */
  public static void assertDimensionsAreTheOrg(TableReader tables, SyntheticDataset org) {
    assertTable(tables, "queues", org.queues());
    assertTable(tables, "wrapup_codes", org.wrapUpCodes());
    assertTable(tables, "skills", org.skills());
    assertTable(tables, "users", org.users());
    assertTrue(tables.rows("users").stream().anyMatch(u -> "inactive".equals(u.get("state"))));
    assertTrue(tables.rows("queues").stream().anyMatch(q -> "QA_Review".equals(q.get("name"))));
  }

  private static void assertTable(TableReader tables, String table, List<ReferenceEntity> org) {
    Map<String, List<String>> expected = new TreeMap<>();
    for (ReferenceEntity e : org) {
      expected.put(e.id(), cells(e.name(), e.divisionId(), e.divisionName(), e.state()));
    }
    Map<String, List<String>> actual = new TreeMap<>();
    for (Map<String, String> row : tables.rows(table)) {
      actual.put(row.get("id"), cells(row.get("name"), row.get("division_id"),
          row.get("division_name"), row.get("state")));
    }
    assertEquals(table, expected, actual);
  }

  private static List<String> cells(String... values) {
    List<String> cells = new ArrayList<>();
    for (String value : values) {
      cells.add(value == null ? "" : value);
    }
    return Collections.unmodifiableList(cells);
  }

  /**
   * kpi_daily names each queue of the org as the org does, beside its id, and aht_by_skill_hourly
   * each skill; ids the org has no entity for (conversations without a queue or skill) carry no
   * name. Returns how many rows of each carried a name.
   */
  public static List<Long> assertReportsNameQueuesAndSkills(
      TableReader tables, SyntheticDataset org) {
    Map<String, String> queues = names(org.queues());
    Map<String, String> skills = names(org.skills());
    long namedQueues = 0;
    for (Map<String, String> row : tables.rows("kpi_daily")) {
      assertTrue(row.toString(), row.containsKey("queue_name"));
      String expected = queues.get(row.get("queue_id"));
      assertEquals(row.toString(), expected == null ? "" : expected, blank(row.get("queue_name")));
      namedQueues += expected == null ? 0 : 1;
    }
    long namedSkills = 0;
    for (Map<String, String> row : tables.rows("aht_by_skill_hourly")) {
      assertTrue(row.toString(), row.containsKey("skill_name"));
      String expected = skills.get(row.get("skill_id"));
      assertEquals(row.toString(), expected == null ? "" : expected, blank(row.get("skill_name")));
      namedSkills += expected == null ? 0 : 1;
    }
    return List.of(namedQueues, namedSkills);
  }

  private static String blank(String value) {
    return value == null ? "" : value;
  }

  private static Map<String, String> names(List<ReferenceEntity> entities) {
    Map<String, String> names = new HashMap<>();
    entities.forEach(e -> names.put(e.id(), e.name()));
    return names;
  }
}
