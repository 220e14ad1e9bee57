package io.gckpi.transforms;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Reads a {@link KpiSpec} from YAML or JSON: the bundled example, a local path, a Beam file system
 * URI or a classpath resource. Every problem is a {@link KpiSpecException} that says where
 * (source and line) and what (field path and reason): unknown fields and nulls for numbers are
 * refused rather than ignored, since a misspelt rule that silently does nothing is the worst
 * outcome for a KPI.
 */
public final class KpiSpecLoader {
  /** The bundled example spec, the job's default. */
  public static final String EXAMPLE_RESOURCE = "kpi-spec.example.yaml";

  private KpiSpecLoader() {}

  /** The bundled example spec ({@value #EXAMPLE_RESOURCE}). */
  public static KpiSpec defaults() {
    try (InputStream in = KpiSpecLoader.class.getClassLoader().getResourceAsStream(EXAMPLE_RESOURCE)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), EXAMPLE_RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the bundled " + EXAMPLE_RESOURCE, e);
    }
  }

  /**
   * Loads a YAML or JSON spec from a URI with a scheme that Beam's {@link FileSystems} knows
   * ({@code gs://bucket/spec.yaml} on Dataflow, {@code file:///...}), a local path, or else the
   * classpath. A scheme location needs {@code FileSystems.setDefaultPipelineOptions} to have run,
   * as the pipeline's launcher does before it reads options.
   */
  public static KpiSpec load(String location) {
    if (SCHEME.matcher(location).lookingAt()) {
      return loadFromFileSystem(location);
    }
    Path path = Path.of(location);
    try {
      if (Files.exists(path)) {
        return parse(Files.readString(path, StandardCharsets.UTF_8), location);
      }
      try (InputStream in = KpiSpecLoader.class.getClassLoader().getResourceAsStream(location)) {
        if (in == null) {
          throw new KpiSpecException(location, "no such file or classpath resource", null);
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), location);
      }
    } catch (IOException e) {
      throw new KpiSpecException(location, "cannot read: " + e.getMessage(), e);
    }
  }

  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]+://");

  private static KpiSpec loadFromFileSystem(String location) {
    MatchResult.Metadata file;
    try {
      file = FileSystems.matchSingleFileSpec(location);
    } catch (FileNotFoundException e) {
      throw new KpiSpecException(location, "no such file", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new KpiSpecException(
          location,
          "cannot read (" + e.getMessage() + "); a gs:// spec needs the GCP file system on the"
              + " classpath, as the Dataflow build has",
          e);
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), location);
    } catch (IOException e) {
      throw new KpiSpecException(location, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Parses spec text (YAML, of which JSON is a subset); {@code source} names it in errors. */
  public static KpiSpec parse(String text, String source) {
    try {
      return mapper().readValue(text, KpiSpec.class);
    } catch (JsonMappingException e) {
      throw located(source, text, e);
    } catch (JsonProcessingException e) {
      throw new KpiSpecException(
          source, line(e), null, "not valid YAML/JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The spec as YAML that {@link #parse} reads back to an equal spec. */
  public static String toYaml(KpiSpec spec) {
    try {
      return mapper().writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /**
   * The mapping error with its source, field path and line. A record's own check
   * ({@link KpiSpecException#field}) names the component of the record it refused; Jackson's path
   * ends at the record, so that component is appended to it.
   */
  private static KpiSpecException located(String source, String text, JsonMappingException e) {
    List<JsonMappingException.Reference> path = new ArrayList<>(e.getPath());
    String reason = e.getOriginalMessage();
    if (e.getCause() instanceof KpiSpecException check) {
      if (check.field() != null) {
        path.add(new JsonMappingException.Reference(null, check.field()));
      }
      reason = check.reason();
    }
    String field =
        path.stream()
            .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    int line = lineOf(text, path);
    return new KpiSpecException(
        source, line > 0 ? line : line(e), field.isEmpty() ? null : field, reason, e);
  }

  /**
   * The line of a field, found by walking its path through the text: each name is looked for
   * after the line of its parent, each list index counts list items. Records are read through a
   * buffer, so the parser's own location can be past the field; the text is the better witness.
   */
  static int lineOf(String text, List<JsonMappingException.Reference> path) {
    String[] lines = text.split("\n", -1);
    int at = 0;
    for (JsonMappingException.Reference ref : path) {
      int found = -1;
      if (ref.getFieldName() != null) {
        java.util.regex.Pattern key =
            java.util.regex.Pattern.compile(
                "^\\s*(-\\s*)?\"?" + java.util.regex.Pattern.quote(ref.getFieldName())
                    + "\"?\\s*:");
        for (int i = at; i < lines.length && found < 0; i++) {
          if (key.matcher(lines[i]).find()) {
            found = i;
          }
        }
      } else if (ref.getIndex() >= 0) {
        int items = -1;
        for (int i = at; i < lines.length && found < 0; i++) {
          if (lines[i].trim().startsWith("-") && ++items == ref.getIndex()) {
            found = i;
          }
        }
      }
      if (found < 0) {
        return -1;
      }
      at = found;
    }
    return path.isEmpty() ? -1 : at + 1;
  }

  /** The line of the token the error is about (the parser's own location is one past it). */
  private static int line(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    if (e.getProcessor() instanceof JsonParser parser && parser.currentTokenLocation() != null) {
      location = parser.currentTokenLocation();
    }
    return location == null ? -1 : location.getLineNr();
  }
}
