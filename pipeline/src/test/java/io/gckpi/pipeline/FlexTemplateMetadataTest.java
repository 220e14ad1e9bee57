package io.gckpi.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.testing.Faults;
import java.beans.Introspector;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The Dataflow Flex Template metadata ({@code runner-configs/dataflow/metadata.json}) documents
 * exactly the options of {@link KpiPipelineOptions}: an option added without a parameter, or a
 * parameter left behind by a removed option, fails here. Every parameter's regex accepts the
 * option's default and a table of valid values (which the job itself accepts at launch), and
 * rejects a table of bad ones.
 */
@RunWith(JUnit4.class)
public class FlexTemplateMetadataTest {
  private static final Path METADATA = Path.of("../runner-configs/dataflow/metadata.json");

  /** Valid values per option; each must match the option's regexes. */
  private static final Map<String, List<String>> GOOD = new TreeMap<>();
  /** Obviously bad values per option; each must fail the option's regexes. */
  private static final Map<String, List<String>> BAD = new TreeMap<>();

  private static void values(String option, List<String> good, List<String> bad) {
    GOOD.put(option, good);
    BAD.put(option, bad);
  }

  static {
    values("source", List.of("genesys", "GENESYS", "raw", "Raw", "emulator"),
        List.of("", "api", "genesys,raw", " genesys", "files"));
    values("date", List.of("2024-01-15", "2023-12-31", "2024-02-29"),
        List.of("", "2024-1-15", "20240115", "15/01/2024", "2024-13-01", "2024-01-32",
            "2024-01-15T00:00:00Z", "yesterday"));
    values("interval",
        List.of("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z",
            "2024-01-15T06:00:00.000Z/2024-01-15T12:00:00Z",
            "2024-01-15T01:00:00+01:00/2024-01-16T01:00:00+01:00"),
        List.of("", "2024-01-15", "2024-01-15T00:00:00Z", "2024-01-15/2024-01-16",
            "2024-01-15T00:00Z/2024-01-16T00:00Z", "2024-01-15T00:00:00/2024-01-16T00:00:00",
            "2024-01-15T00:00:00Z/P1D"));
    values("windowSize", List.of("PT15M", "PT30M", "PT1H", "pt1h", "PT12H", "P1D", "PT90M"),
        List.of("", "1h", "60", "PT", "P", "P1DT", "PT1H ", "soon", "-PT1H", "P1W"));
    values("mode", List.of("JOBS", "jobs", "QUERY", "Query"),
        List.of("", "STREAM", "job", "JOBS,QUERY"));
    values("pageSize", List.of("1", "100", "1000", "10000"),
        List.of("", "0", "10001", "-1", "1e3", "100 "));
    values("jobConcurrency", List.of("1", "3", "9", "16"), List.of("", "0", "17", "-1", "2.5"));
    values("aggregateSizing", List.of("0", "50000", "200000"),
        List.of("", "-1", "1e5", "200,000", "01", "1000000000"));
    values("kpiSpec",
        List.of("kpi-spec.example.yaml", "/template/kpi-spec.yaml", "specs/kpi.json",
            "gs://bucket/specs/kpi-spec.yaml"),
        List.of("", "gs://bucket", "gs://bucket/", "gs:/bucket/kpi.yaml", "my spec.yaml"));
    values("sink", List.of("files", "FILES", "jdbc", "JDBC", "bigquery", "BigQuery"),
        List.of("", "parquet", "postgres", "files,jdbc", "big query"));
    for (String location : List.of("output", "staging")) {
      values(location, List.of("out", "/data/gckpi/out", "gs://bucket/gckpi/out", "s3://b/raw"),
          List.of("", "gs:/bucket/out", "gs://", "gs:// bucket", "out dir"));
    }
    values("input",
        List.of("raw/*.ndjson.gz", "gs://bucket/gckpi/raw/window-2024-01-15*.ndjson.gz"),
        List.of("", "gs://", "gs:bucket/raw/*"));
    values("jdbcUrl",
        List.of("jdbc:postgresql://127.0.0.1:5432/gckpi", "jdbc:postgresql://db/kpi?ssl=true",
            "jdbc:postgresql://h1:5432,h2:5432/kpi", "jdbc:postgresql:kpi",
            "jdbc:postgresql:///kpi?cloudSqlInstance=p:r:i"),
        List.of("", "postgresql://db/kpi", "jdbc:mysql://db/kpi", "jdbc:postgresql:",
            "jdbc:postgresql://db", "jdbc:postgresql://db/kpi extra"));
    values("jdbcUser", List.of("gckpi", "kpi_writer"), List.of("", "kpi writer"));
    values("jdbcPassword", List.of("s3cret", "pass phrase"), List.of(""));
    values("jdbcSchema", List.of("public", "gckpi", "kpi_2024", "_staging"),
        List.of("", "Gckpi", "kpi-schema", "2024kpi", "kpi.schema"));
    values("influxUrl", List.of("http://127.0.0.1:8086", "https://influx.example.com:8086"),
        List.of("", "127.0.0.1:8086", "ftp://influx"));
    values("influxVersion", List.of("1", "2"), List.of("", "3", "v2"));
    for (String name : List.of("influxDatabase", "influxRetentionPolicy", "influxUser", "influxOrg",
        "influxBucket")) {
      values(name, List.of("kpi", "gckpi_2024"), List.of("", "two words"));
    }
    for (String secret : List.of("influxPassword", "influxToken")) {
      values(secret, List.of("s3cret", "A1b2C3-_.~=="), List.of(""));
    }
    values("jdbcMaxConnections", List.of("8", "40", "128"), List.of("", "0", "-1", "2.5"));
    values("bigQueryDataset",
        List.of("my-project:gckpi", "example.com:my-project:kpi_1"),
        List.of("", "gckpi", "my-project.gckpi", "my-project:", "my project:kpi"));
    values("hashKey", List.of("a-key-of-16-chars", "a pass phrase of words"),
        List.of("", "short key"));
    for (String flag : List.of("reprocess", "reconcile", "printSummary", "hashAddresses")) {
      values(flag, List.of("true", "false", "TRUE", "False"),
          List.of("", "yes", "1", "0", "tRUE"));
    }
    values("trailingHorizon", List.of("P3D", "PT48H", "P0D", "P2DT12H", "p1d"),
        List.of("", "3 days", "P3", "PT", "P1W", "3D"));
    for (String period : List.of("earlyFiringPeriod", "pollInterval")) {
      values(period, List.of("PT1M", "PT10S", "PT0.5S", "pt2m"),
          List.of("", "1m", "PT", "60", "P1W"));
    }
    values("availabilityLag", List.of("PT0S", "PT15M", "P0D", "PT1H30M"),
        List.of("", "15m", "PT", "-PT1M"));
    values("progressInterval", List.of("PT30S", "PT0S", "PT5M", "pt10s"),
        List.of("", "30s", "PT", "-PT30S"));
    values("reReads", List.of("0", "1", "9"), List.of("", "-1", "10", "1.5", "one"));
    values("reconcileTolerance", List.of("0", "0.005", "0.5", ".01"),
        List.of("", "1", "1.0", "-0.1", "0.5%", "NaN", "abc"));
    values("genesysRegion", List.of("mypurecloud.ie", "mypurecloud.com", "mypurecloud.com.au"),
        List.of("", "eu-west-1", "mypurecloud.fr", "api.mypurecloud.ie",
            "https://api.mypurecloud.ie", "mypurecloud.com.au.evil"));
    values("apiBaseUrl", List.of("http://127.0.0.1:8089", "https://proxy.example.com/genesys"),
        List.of("", "127.0.0.1:8089", "ftp://proxy", "https://", "https:// proxy"));
    values("clientId", List.of("0f5c2b0e-3e1b-4a0e-9b8a-6d1f2f3e4a5b", "gckpi-demo"),
        List.of("", "two words"));
    values("clientSecret", List.of("gckpi-demo-secret", "A1b2C3-_.~"), List.of("", "a b"));
    values("credentialsFile", List.of("/secrets/genesys.properties", "genesys.properties"),
        List.of("", "gs://bucket/genesys.properties"));
    for (String count : List.of("rateLimitPerMinute", "emulatorVolume")) {
      values(count, List.of("1", "300", "12000"), List.of("", "0", "-5", "1.5", "300/min"));
    }
    values("emulatorSeed", List.of("42", "0", "-7", "9223372036854775807"),
        List.of("", "4.2", "seed"));
    values("emulatorFaults",
        List.of("", "none", "429", "429=0.2,5xx,slow=200", "storm,truncate",
            "fail-window=2024-01-15T03:00:00Z/2024-01-15T04:00:00Z"),
        List.of("fire", "429,", ",429", "429 , 5xx", "none,429"));
  }

  /** Other options a value needs to be accepted at launch (a sink's target, credentials). */
  private static final Map<String, List<String>> LAUNCH_CONTEXT =
      Map.of(
          "source",
          List.of("--genesysRegion=mypurecloud.ie", "--clientId=id", "--clientSecret=secret",
              "--input=raw/*.ndjson"),
          "sink",
          List.of("--jdbcUrl=jdbc:postgresql://db/kpi", "--bigQueryDataset=p:d"),
          "jdbcUrl", List.of("--sink=jdbc"),
          "jdbcSchema", List.of("--sink=jdbc", "--jdbcUrl=jdbc:postgresql://db/kpi"),
          "bigQueryDataset", List.of("--sink=bigquery"),
          "genesysRegion", List.of("--source=genesys", "--clientId=id", "--clientSecret=secret"),
          "apiBaseUrl", List.of("--source=genesys", "--clientId=id", "--clientSecret=secret"));

  /**
   * Options whose values the job parses or checks at launch: their good values must pass.
   * The rest are paths, names and secrets that only their use can check.
   */
  private static final Set<String> CHECKED_AT_LAUNCH =
      Set.of("source", "date", "interval", "windowSize", "mode", "pageSize", "aggregateSizing", "jobConcurrency",
          "sink",
          "jdbcUrl", "jdbcSchema", "bigQueryDataset", "reprocess", "trailingHorizon", "reconcile",
          "earlyFiringPeriod", "pollInterval", "availabilityLag", "progressInterval",
          "reReads", "reconcileTolerance", "genesysRegion", "apiBaseUrl", "rateLimitPerMinute", "emulatorVolume",
          "emulatorSeed", "emulatorFaults", "printSummary");

  private static JsonNode metadata;
  private static Map<String, JsonNode> parameters;

  @BeforeClass
  public static void readMetadata() throws IOException {
    metadata = new ObjectMapper().readTree(METADATA.toFile());
    parameters = new LinkedHashMap<>();
    for (JsonNode parameter : metadata.path("parameters")) {
      JsonNode previous = parameters.put(parameter.path("name").asText(), parameter);
      assertNull("parameter listed twice: " + parameter.path("name"), previous);
    }
  }

  /**
   * The options declared by the job's own interfaces (KpiPipelineOptions and the gckpi interfaces
   * it extends, not Beam's), by property name, from their getters.
   */
  private static Map<String, Method> optionGetters() {
    Map<String, Method> getters = new TreeMap<>();
    java.util.List<Method> declared = new java.util.ArrayList<>();
    java.util.Deque<Class<?>> types = new java.util.ArrayDeque<>(List.of(KpiPipelineOptions.class));
    while (!types.isEmpty()) {
      Class<?> type = types.pop();
      if (type.getName().startsWith("io.gckpi.")) {
        declared.addAll(List.of(type.getDeclaredMethods()));
        types.addAll(List.of(type.getInterfaces()));
      }
    }
    for (Method method : declared) {
      if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
          || method.getReturnType() == void.class) {
        continue;
      }
      String name = method.getName();
      String property =
          name.startsWith("get") ? name.substring(3)
              : name.startsWith("is") && method.getReturnType() == boolean.class
                  ? name.substring(2)
                  : null;
      if (property != null && !property.isEmpty()) {
        getters.put(Introspector.decapitalize(property), method);
      }
    }
    return getters;
  }

  private static List<Pattern> regexes(String option) {
    List<Pattern> patterns = new ArrayList<>();
    JsonNode parameter = parameters.get(option);
    if (parameter == null) {
      return patterns;
    }
    for (JsonNode regex : parameter.path("regexes")) {
      patterns.add(Pattern.compile(regex.asText()));
    }
    return patterns;
  }

  private static boolean accepts(String option, String value) {
    List<Pattern> patterns = regexes(option);
    return !patterns.isEmpty() && patterns.stream().allMatch(p -> p.matcher(value).find());
  }

  @Test
  public void templateHasNameAndDescription() {
    assertFalse(metadata.path("name").asText().isBlank());
    assertFalse(metadata.path("description").asText().isBlank());
  }

  @Test
  public void everyOptionIsAParameterAndEveryParameterAnOption() {
    Set<String> options = optionGetters().keySet();
    Set<String> undocumented = new TreeSet<>(options);
    undocumented.removeAll(parameters.keySet());
    Set<String> unknown = new TreeSet<>(parameters.keySet());
    unknown.removeAll(options);
    assertThat("options of KpiPipelineOptions missing from " + METADATA, undocumented, empty());
    assertThat("parameters in " + METADATA + " that are no option", unknown, empty());
  }

  @Test
  public void everyParameterHasLabelHelpTextAndPortableAnchoredRegexes() {
    for (Map.Entry<String, JsonNode> entry : parameters.entrySet()) {
      String option = entry.getKey();
      JsonNode parameter = entry.getValue();
      assertFalse(option + ": label", parameter.path("label").asText().isBlank());
      assertFalse(option + ": helpText", parameter.path("helpText").asText().isBlank());
      assertTrue(option + ": isOptional", parameter.path("isOptional").isBoolean());
      assertTrue(option + ": regexes", parameter.path("regexes").size() > 0);
      for (JsonNode regex : parameter.path("regexes")) {
        String text = regex.asText();
        // Matched in full whatever the engine does, and no (?...) groups, flags or lookarounds:
        // the same text means the same thing to Java, RE2 and a browser.
        assertTrue(option + ": regex must start with ^: " + text, text.startsWith("^"));
        assertTrue(option + ": regex must end with $: " + text, text.endsWith("$"));
        assertThat(option + ": regex must avoid (?", text, not(containsString("(?")));
        Pattern.compile(text);
      }
    }
  }

  @Test
  public void defaultsMatchTheirRegexes() throws ReflectiveOperationException {
    for (Map.Entry<String, Method> getter : optionGetters().entrySet()) {
      for (Annotation annotation : getter.getValue().getAnnotations()) {
        if (annotation.annotationType().getEnclosingClass() != Default.class) {
          continue;
        }
        Object value = annotation.annotationType().getMethod("value").invoke(annotation);
        if (value instanceof Class) {
          continue; // @Default.InstanceFactory: computed, no literal to check
        }
        String text = String.valueOf(value);
        assertTrue(getter.getKey() + ": default '" + text + "' fails its regex (or has none)",
            accepts(getter.getKey(), text));
      }
    }
  }

  @Test
  public void everyOptionHasGoodAndBadExamples() {
    assertEquals(optionGetters().keySet(), GOOD.keySet());
    assertEquals(optionGetters().keySet(), BAD.keySet());
  }

  @Test
  public void goodValuesMatchAndBadValuesDoNot() {
    List<String> wrong = new ArrayList<>();
    for (String option : parameters.keySet()) {
      for (String value : GOOD.getOrDefault(option, List.of())) {
        if (!accepts(option, value)) {
          wrong.add(option + " refuses good '" + value + "'");
        }
      }
      for (String value : BAD.getOrDefault(option, List.of())) {
        if (accepts(option, value)) {
          wrong.add(option + " accepts bad '" + value + "'");
        }
      }
    }
    assertThat(wrong, empty());
  }

  @Test
  public void regionAcceptsEveryKnownDomain() {
    for (String domain : ConnectionSettings.KNOWN_DOMAINS) {
      assertTrue(domain, accepts("genesysRegion", domain));
    }
  }

  /** The good values are really good: the job's launch-time option checks accept each one. */
  @Test
  public void goodValuesAreAcceptedByTheJobAtLaunch() {
    List<String> refused = new ArrayList<>();
    for (String option : CHECKED_AT_LAUNCH) {
      for (String value : GOOD.get(option)) {
        List<String> args = new ArrayList<>(LAUNCH_CONTEXT.getOrDefault(option, List.of()));
        args.add("--" + option + "=" + value);
        try {
          launch(args);
        } catch (IllegalArgumentException e) {
          refused.add(option + "=" + value + ": " + e.getMessage());
        }
      }
    }
    assertThat(refused, empty());
  }

  /**
   * The option checks the job makes before it builds the pipeline: parsing, {@link RunSettings},
   * the API connection, the JDBC settings and the emulator's faults.
   */
  private static void launch(Collection<String> args) {
    PipelineOptionsFactory.register(KpiPipelineOptions.class);
    KpiPipelineOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .withValidation()
            .as(KpiPipelineOptions.class);
    RunSettings settings = RunSettings.of(options);
    if (settings.readsApi()) {
      settings.connection("http://127.0.0.1:1", "demo", "demo-secret");
    }
    settings.jdbc();
    Faults.parse(options.getEmulatorFaults());
  }
}
