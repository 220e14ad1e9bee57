package io.gckpi.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The pipeline module's packages follow the flow: the job at the root, one package per sink
 * ({@code jdbc}, {@code bigquery}, {@code files}, {@code influx}) holding all of that sink, the
 * ledger in {@code ledger}, the sink contract in {@code tables}. Packages depend on each other in
 * one direction only: a cycle means two packages are really one, or a rule lives in the wrong one.
 */
public class PackageLayoutTest {
  private static final Path SOURCES = Paths.get("src/main/java/io/gckpi/pipeline");
  private static final Pattern REFERENCE =
      Pattern.compile("\\bio\\.gckpi\\.pipeline((?:\\.[a-z]\\w*)*)\\.[A-Z]");

  @Test
  public void packagesHaveNoImportCycle() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    assertTrue("found no sources under " + SOURCES.toAbsolutePath(), uses.size() > 5);
    List<String> cycles = new ArrayList<>();
    for (String from : uses.keySet()) {
      for (String to : uses.get(from)) {
        if (reaches(uses, to, from, new TreeSet<>())) {
          cycles.add(from + " -> " + to);
        }
      }
    }
    assertEquals("package dependencies that are part of a cycle", List.of(), cycles);
  }

  @Test
  public void eachSinkLivesInItsOwnPackage() throws IOException {
    Map<String, String> sinks = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files
          .filter(p -> p.getFileName().toString().endsWith("Sink.java"))
          .filter(p -> !p.getFileName().toString().equals("TableSink.java"))
          .forEach(p -> sinks.put(p.getFileName().toString(), packageOf(p)));
    }
    assertEquals(
        Map.of(
            "BigQuerySink.java", "bigquery",
            "FilesSink.java", "files",
            "JdbcSink.java", "jdbc"),
        sinks);
  }

  private static boolean reaches(
      Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
    if (from.equals(target)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (String next : uses.getOrDefault(from, Set.of())) {
      if (reaches(uses, next, target, seen)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String from = packageOf(file);
        Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
          String target = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
          if (!target.equals(from)) {
            to.add(target);
          }
        }
      }
    }
    return uses;
  }

  /** The sub-package of io.gckpi.pipeline a source file is in, "" for the root. */
  private static String packageOf(Path file) {
    Path dir = SOURCES.relativize(file).getParent();
    return dir == null ? "" : dir.toString().replace('/', '.');
  }
}
