package io.gckpi.pipeline.dimensions;

import io.gckpi.genesys.client.ReferenceData;
import java.io.Serializable;
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

  /** Counts for the log: "9 queues, 8 wrap-up codes, 7 skills, 60 users". */
  public String describe() {
    String counts = data.queues().size() + " queues, " + data.wrapUpCodes().size()
        + " wrap-up codes, " + data.skills().size() + " skills, " + data.users().size() + " users";
    return namesOfUnknownKind.isEmpty()
        ? counts
        : counts + " and " + namesOfUnknownKind.size() + " names of an older staging file";
  }
}
