package io.gckpi.genesys.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import java.util.ArrayList;
import java.util.List;

/** Queues, wrap-up codes, skills and users: every page of {@code pageSize/pageNumber}. */
final class ReferenceDataEndpoint {
  private static final int PAGE_SIZE = 100;

  private final GenesysHttp http;

  ReferenceDataEndpoint(GenesysHttp http) {
    this.http = http;
  }

  List<ReferenceEntity> listQueues() {
    return listEntities("/api/v2/routing/queues", "routing:queue:view");
  }

  List<ReferenceEntity> listWrapUpCodes() {
    return listEntities("/api/v2/routing/wrapupcodes", "routing:wrapupCode:view");
  }

  List<ReferenceEntity> listSkills() {
    return listEntities("/api/v2/routing/skills", "routing:skill:view");
  }

  List<ReferenceEntity> listUsers() {
    return listEntities("/api/v2/users", "directory:user:view");
  }

  private List<ReferenceEntity> listEntities(String path, String permission) {
    List<ReferenceEntity> entities = new ArrayList<>();
    int pageNumber = 1;
    while (true) {
      String pagePath = path + "?pageSize=" + PAGE_SIZE + "&pageNumber=" + pageNumber;
      JsonNode answer = http.execute(GenesysHttp.Call.get(pagePath, permission), http::readTree);
      JsonNode page = answer.path("entities");
      for (JsonNode entity : page) {
        entities.add(
            new ReferenceEntity(entity.path("id").asText(), entity.path("name").asText(null)));
      }
      int pageCount = answer.path("pageCount").asInt(pageNumber);
      if (pageNumber >= pageCount || page.isEmpty()) {
        return List.copyOf(entities);
      }
      pageNumber++;
    }
  }
}
