package io.gckpi.pipeline.dimensions;

import io.gckpi.genesys.client.ReferenceData;
import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference data a run names things by: what it read from the API at launch, or what an
 * earlier run staged for a {@code --source=raw} re-run.
 *
 * @param data the queues, wrap-up codes, skills and users, each written as a dimension table
 * @param namesOfUnknownKind id to name where only that is known (what releases before the
 *     dimension tables staged, {@code reference-names.json}): they name things in the KPI rules
 *     and reports, but make no dimension rows
 */
public record Dimensions(ReferenceData data, Map<String, String> namesOfUnknownKind)
    implements Serializable {
  public Dimensions {
    namesOfUnknownKind = Map.copyOf(namesOfUnknownKind);
  }

  public static Dimensions of(ReferenceData data) {
    return new Dimensions(data, Map.of());
  }

  public static Dimensions none() {
    return of(ReferenceData.empty());
  }

  /**
   * Id to name of the queues, wrap-up codes and skills, and the names of unknown kind: what the
   * KPI rules (internal queues and wrap-up codes given by name in the spec) and the reports' name
   * columns read. Ids are Genesys' UUIDs, unique across kinds; should two entities still share an
   * id, the smaller name is kept, so the names are the same however the data was listed. Users
   * are not named: nothing reports by user name.
   */
  public Map<String, String> namesById() {
    Map<String, String> names = new HashMap<>();
    for (List<ReferenceEntity> kind : List.of(data.queues(), data.wrapUpCodes(), data.skills())) {
      for (ReferenceEntity entity : kind) {
        if (entity.name() != null) {
          names.merge(entity.id(), entity.name(), Dimensions::smaller);
        }
      }
    }
    namesOfUnknownKind.forEach((id, name) -> names.merge(id, name, Dimensions::smaller));
    return names;
  }

  private static String smaller(String a, String b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Counts for the log: "9 queues, 8 wrap-up codes, 7 skills, 60 users". */
  public String describe() {
    String counts = data.queues().size() + " queues, " + data.wrapUpCodes().size()
        + " wrap-up codes, " + data.skills().size() + " skills, " + data.users().size() + " users";
    return namesOfUnknownKind.isEmpty()
        ? counts
        : counts + " and " + namesOfUnknownKind.size() + " names of an older staging file";
  }
}
