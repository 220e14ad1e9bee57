package io.gckpi.pipeline.staging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The reference data a run used (queue and wrap-up code names by id), staged beside the raw
 * conversations as {@code reference-names.json}: a {@code --source=raw} re-run then applies the
 * same name-based rules (internal queues, FCR codes) and fills the same name columns, without the
 * API.
 */
public final class ReferenceNamesFile {
  public static final String NAME = "reference-names.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReferenceNamesFile() {}

  public static String path(String staging) {
    return (staging.endsWith("/") ? staging : staging + "/") + NAME;
  }

  public static void write(String staging, Map<String, String> names) {
    String path = path(staging);
    try (OutputStream out =
        Channels.newOutputStream(
            FileSystems.create(FileSystems.matchNewResource(path, false), "application/json"))) {
      MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, new TreeMap<>(names));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + path, e);
    }
  }

  /** The staged names, or an empty map when the staging location has none. */
  public static Map<String, String> readIfPresent(String staging) {
    String path = path(staging);
    try {
      MatchResult match = FileSystems.match(path);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        return Map.of();
      }
      try (InputStream in =
          Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
        return MAPPER.readValue(in, new TypeReference<Map<String, String>>() {});
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
