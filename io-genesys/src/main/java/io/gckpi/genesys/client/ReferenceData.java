package io.gckpi.genesys.client;

import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An org's queues, wrap-up codes, skills and users, read once: a run reads them at launch and
 * uses this one snapshot everywhere (its dimension tables, the names the KPI rules and reports
 * need, the copy staged for a re-run), so workers never call the reference APIs and every part of
 * a run names things alike. Each list holds an id once.
 */
public record ReferenceData(
    List<ReferenceEntity> queues,
    List<ReferenceEntity> wrapUpCodes,
    List<ReferenceEntity> skills,
    List<ReferenceEntity> users)
    implements Serializable {
  public ReferenceData {
    queues = onePerId(queues);
    wrapUpCodes = onePerId(wrapUpCodes);
    skills = onePerId(skills);
    users = onePerId(users);
  }

  public static ReferenceData empty() {
    return new ReferenceData(List.of(), List.of(), List.of(), List.of());
  }

  /** Every page of the four listings. */
  public static ReferenceData read(GenesysApi api) {
    return new ReferenceData(
        api.listQueues(), api.listWrapUpCodes(), api.listSkills(), api.listUsers());
  }

  public boolean isEmpty() {
    return queues.isEmpty() && wrapUpCodes.isEmpty() && skills.isEmpty() && users.isEmpty();
  }

  private static List<ReferenceEntity> onePerId(List<ReferenceEntity> entities) {
    Map<String, ReferenceEntity> byId = new LinkedHashMap<>();
    for (ReferenceEntity entity : entities) {
      byId.put(entity.id(), entity);
    }
    return List.copyOf(byId.values());
  }
}
