package io.gckpi.pipeline.staging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import io.gckpi.genesys.client.ReferenceData;
import io.gckpi.pipeline.dimensions.Dimensions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The reference data a run used (queues, wrap-up codes, skills and users with their division,
 * state and dateModified), staged beside the raw conversations as {@code reference-data.json}: a
 * {@code --source=raw} re-run then writes the same dimension tables, applies the same name-based
 * rules (internal queues, FCR codes) and fills the same name columns, without the API.
 *
 * <pre>{@code
 * {"queues": [{"id": "...", "name": "Sales", "divisionId": "...", "divisionName": "Home",
 *              "state": null, "dateModified": "2023-09-14T05:13:20Z"}, ...],
 *  "wrapupCodes": [...], "skills": [...], "users": [...]}
 * }</pre>
 *
 * <p>Staging written before the dimension tables holds {@code reference-names.json} instead (id to
 * name of queues and wrap-up codes): it is still read, for the names alone.
 */
public final class ReferenceDataFile {
  public static final String NAME = "reference-data.json";
  static final String NAMES_ONLY = "reference-names.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> KINDS = List.of("queues", "wrapupCodes", "skills", "users");

  private ReferenceDataFile() {}

  public static String path(String staging) {
    return path(staging, NAME);
  }

  private static String path(String staging, String name) {
    return (staging.endsWith("/") ? staging : staging + "/") + name;
  }

  public static void write(String staging, ReferenceData data) {
    ObjectNode root = MAPPER.createObjectNode();
    List<List<ReferenceEntity>> lists =
        List.of(data.queues(), data.wrapUpCodes(), data.skills(), data.users());
    for (int i = 0; i < KINDS.size(); i++) {
      ArrayNode entities = root.putArray(KINDS.get(i));
      for (ReferenceEntity e : lists.get(i)) {
        ObjectNode node = entities.addObject();
        node.put("id", e.id());
        node.put("name", e.name());
        node.put("divisionId", e.divisionId());
        node.put("divisionName", e.divisionName());
        node.put("state", e.state());
        node.put("dateModified", e.dateModified() == null ? null : e.dateModified().toString());
      }
    }
    String path = path(staging);
    try (OutputStream out =
        Channels.newOutputStream(
            FileSystems.create(FileSystems.matchNewResource(path, false), "application/json"))) {
      MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + path, e);
    }
  }

  /**
   * The staged reference data; the names of an older staging file when only that is there; none
   * when the staging location has neither.
   */
  public static Dimensions readIfPresent(String staging) {
    JsonNode root = readJson(path(staging));
    if (root != null) {
      try {
        return Dimensions.of(entities(root));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "the staged reference data " + path(staging) + " is unreadable: " + e.getMessage(), e);
      }
    }
    JsonNode names = readJson(path(staging, NAMES_ONLY));
    if (names != null) {
      return new Dimensions(ReferenceData.empty(),
          MAPPER.convertValue(names, new TypeReference<Map<String, String>>() {}));
    }
    return Dimensions.none();
  }

  private static ReferenceData entities(JsonNode root) {
    List<List<ReferenceEntity>> lists = new ArrayList<>();
    for (String kind : KINDS) {
      List<ReferenceEntity> entities = new ArrayList<>();
      for (JsonNode e : root.path(kind)) {
        String modified = text(e, "dateModified");
        entities.add(new ReferenceEntity(e.get("id").asText(), text(e, "name"),
            text(e, "divisionId"), text(e, "divisionName"), text(e, "state"),
            modified == null ? null : Instant.parse(modified)));
      }
      lists.add(entities);
    }
    return new ReferenceData(lists.get(0), lists.get(1), lists.get(2), lists.get(3));
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static @Nullable JsonNode readJson(String path) {
    try {
      MatchResult match = FileSystems.match(path);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        return null;
      }
      try (InputStream in =
          Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
        return MAPPER.readTree(in);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the staged reference data " + path + ": "
          + e.getMessage(), e);
    }
  }
}
