package io.gckpi.genesys.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues, wrap-up codes, skills and users: every page of Genesys' entity listings
 * ({@code pageSize}/{@code pageNumber} in, {@code entities}, {@code pageNumber}, {@code pageCount}
 * and {@code nextUri} out).
 *
 * <p>Paging follows {@code pageCount} where the answer has it and {@code nextUri} where it has
 * not, and stops at an empty page. A listing read page by page can shift while it is read (an
 * entity added or renamed between two pages moves the others by one), so an entity met twice is
 * kept once, as the later page has it. Users are listed in every state ({@code state=any}): the
 * endpoint lists only active users by default, and an agent who has since been deactivated still
 * handled the conversations of the days a run reads.
 */
final class ReferenceDataEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceDataEndpoint.class);
  static final int PAGE_SIZE = 100;
  /** A listing that has not ended after this many pages is answered wrongly, not long. */
  static final int MAX_PAGES = 10_000;

  /** One GET of a listing page: the path with its query, the permission it needs. */
  @FunctionalInterface
  interface PageSource {
    JsonNode get(String pathAndQuery, String permission);
  }

  private final PageSource pages;

  ReferenceDataEndpoint(GenesysHttp http) {
    this((path, permission) -> http.execute(GenesysHttp.Call.get(path, permission), http::readTree));
  }

  ReferenceDataEndpoint(PageSource pages) {
    this.pages = pages;
  }

  List<ReferenceEntity> listQueues() {
    return listEntities("/api/v2/routing/queues", "", "routing:queue:view");
  }

  List<ReferenceEntity> listWrapUpCodes() {
    return listEntities("/api/v2/routing/wrapupcodes", "", "routing:wrapupCode:view");
  }

  List<ReferenceEntity> listSkills() {
    return listEntities("/api/v2/routing/skills", "", "routing:skill:view");
  }

  List<ReferenceEntity> listUsers() {
    return listEntities("/api/v2/users", "state=any&", "directory:user:view");
  }

  private List<ReferenceEntity> listEntities(String path, String filter, String permission) {
    Map<String, ReferenceEntity> entities = new LinkedHashMap<>();
    for (int pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      JsonNode answer =
          pages.get(
              path + "?" + filter + "pageSize=" + PAGE_SIZE + "&pageNumber=" + pageNumber,
              permission);
      JsonNode page = answer.path("entities");
      for (JsonNode entity : page) {
        ReferenceEntity parsed = entity(entity);
        if (parsed == null) {
          LOG.warn("An entity of {} without an id is left out: {}", path, entity);
        } else {
          entities.put(parsed.id(), parsed);
        }
      }
      boolean more =
          answer.hasNonNull("pageCount")
              ? pageNumber < answer.get("pageCount").asInt()
              : !answer.path("nextUri").asText("").isEmpty();
      if (!more || page.isEmpty()) {
        return List.copyOf(entities.values());
      }
    }
    throw new GenesysApiException(
        "GET " + path + " still had pages after " + MAX_PAGES + " pages of " + PAGE_SIZE,
        200, null, false);
  }

  /** One listed entity; null when it has no id. Fields Genesys may add are ignored. */
  static @Nullable ReferenceEntity entity(JsonNode entity) {
    String id = text(entity, "id");
    if (id == null) {
      return null;
    }
    JsonNode division = entity.path("division");
    return new ReferenceEntity(
        id,
        text(entity, "name"),
        text(division, "id"),
        text(division, "name"),
        text(entity, "state"),
        instant(text(entity, "dateModified")));
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
  }

  /** An ISO-8601 instant as Genesys writes them; an unreadable one is left out, not fatal. */
  private static @Nullable Instant instant(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      LOG.warn("Unreadable dateModified {} is left out", text);
      return null;
    }
  }
}
