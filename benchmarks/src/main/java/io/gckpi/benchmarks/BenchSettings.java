package io.gckpi.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What {@code make bench} asked for, from {@code --name=value} arguments; an empty value means the
 * default, so that the Makefile can pass every variable whether set or not.
 */
record BenchSettings(
    int runs,
    int conversations,
    int warmUpConversations,
    int extractionConversations,
    int rateLimitPerMinute,
    int pageSize,
    String heap,
    @Nullable String jdbcUrl,
    Path output,
    Set<String> groups) {

  static final List<String> GROUPS = List.of("job", "extraction", "sink", "run");

  /** The job figure's sizes: 2,000, 50,000 and {@code conversations}, none above it. */
  List<Integer> jobSizes() {
    return new TreeSet<>(List.of(Math.min(2_000, conversations),
        Math.min(50_000, conversations), conversations)).stream().toList();
  }

  static BenchSettings parse(String... args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String[] kv = arg.substring(2).split("=", 2);
      if (!kv[1].isBlank()) {
        values.put(kv[0], kv[1].trim());
      }
    }
    int conversations = positive(values, "conversations", 200_000);
    BenchSettings settings =
        new BenchSettings(
            positive(values, "runs", 3),
            conversations,
            Math.min(conversations, 10_000),
            positive(values, "extractionConversations", conversations),
            positive(values, "rateLimit", 300),
            positive(values, "pageSize", 1000),
            values.getOrDefault("heap", "4g"),
            values.get("jdbcUrl"),
            Path.of(values.getOrDefault("output", "benchmarks/results/latest.json")),
            groups(values.get("only")));
    values.keySet().removeAll(
        Set.of("conversations", "runs", "extractionConversations", "rateLimit", "pageSize",
            "heap", "jdbcUrl", "output", "only"));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + values.keySet());
    }
    return settings;
  }

  boolean runs(String group) {
    return groups.contains(group);
  }

  /** For the results file: everything but the JDBC URL, which may carry a password. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("runs", runs);
    map.put("conversations", conversations);
    map.put("warmUpConversations", warmUpConversations);
    map.put("extractionConversations", extractionConversations);
    map.put("rateLimitPerMinute", rateLimitPerMinute);
    map.put("pageSize", pageSize);
    map.put("trialHeap", heap);
    map.put("groups", List.copyOf(groups));
    return map;
  }

  private static int positive(Map<String, String> values, String name, int fallback) {
    String text = values.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.replace("_", ""));
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + " must be a positive integer, got " + text);
  }

  private static Set<String> groups(@Nullable String only) {
    if (only == null) {
      return new TreeSet<>(GROUPS);
    }
    Set<String> chosen = new TreeSet<>(Arrays.asList(only.split(",")));
    for (String group : chosen) {
      if (!GROUPS.contains(group)) {
        throw new IllegalArgumentException("--only takes " + GROUPS + ", got " + group);
      }
    }
    return chosen;
  }
}
