package io.gckpi.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A run of {@code make bench}: where, with what settings, and its figures; as JSON and as a table. */
record Results(String generatedAt, Map<String, Object> machine, Map<String, Object> settings,
    List<Figure> figures) {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  ObjectNode toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("generatedAt", generatedAt);
    root.set("machine", MAPPER.valueToTree(machine));
    root.set("settings", MAPPER.valueToTree(settings));
    ArrayNode list = root.putArray("figures");
    for (Figure f : figures) {
      ObjectNode node = list.addObject();
      node.put("id", f.id);
      node.put("name", f.name);
      if (f.error != null) {
        node.put("error", f.error);
        continue;
      }
      node.put("unit", f.unit);
      node.put("median", f.median());
      node.set("runs", MAPPER.valueToTree(f.values));
      Long peak = f.peakMedian();
      if (peak != null) {
        node.put("peakMemoryBytesMedian", peak);
        node.set("peakMemoryBytesRuns", MAPPER.valueToTree(f.peaks));
      }
      if (f.ratio != null) {
        node.put("ratio", f.ratio);
        node.put("ratioText", f.ratioText);
      }
      node.put("target", f.target);
      if (f.meetsTarget != null) {
        node.put("meetsTarget", f.meetsTarget);
      }
      node.put("note", f.note);
      node.set("details", MAPPER.valueToTree(f.details));
      node.set("trials", MAPPER.valueToTree(f.trials));
    }
    return root;
  }

  void write(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    MAPPER.writeValue(file.toFile(), toJson());
  }

  /** The figures as a Markdown table (what the README shows). */
  void print(PrintStream out) {
    int runs = (Integer) settings.get("runs");
    out.printf("| # | figure | median of %s | ratio | target | where we stand |%n",
        runs == 1 ? "1 run" : runs + " runs");
    out.println("|---|---|---|---|---|---|");
    for (Figure f : figures) {
      if (f.error != null) {
        out.printf("| %s | %s | failed | | | %s |%n", f.id, f.name, f.error.lines().findFirst()
            .orElse("").replace('|', '/'));
        continue;
      }
      String value = f.unit.equals("s")
          ? String.format(Locale.ROOT, "%,.1f s", f.median())
          : String.format(Locale.ROOT, "%,.0f %s", f.median(), f.unit);
      Long peak = f.peakMedian();
      if (peak != null) {
        value += String.format(Locale.ROOT, ", peak %,d MiB", peak >> 20);
      }
      String standing = f.meetsTarget == null ? "" : f.meetsTarget ? "meets" : "misses";
      if (!f.note.isEmpty()) {
        standing = standing.isEmpty() ? f.note : standing + "; " + f.note;
      }
      out.printf("| %s | %s | %s | %s | %s | %s |%n", f.id, f.name, value, f.ratioText,
          f.target.isEmpty() ? "" : f.target, standing);
    }
  }
}
