package io.gckpi.pipeline.report;

import io.gckpi.pipeline.tables.TableReader;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Prints the kpi_daily table of a run as a fixed-width text table, for the console: the queue by
 * its name where the table carries one (the files sink's kpi_daily names queues from the run's
 * reference data, the databases' kpi_daily view from the {@code queues} dimension), with its id
 * beside it.
 */
public final class KpiDailyTable {
  private static final List<String> COLUMNS =
      List.of("report_date", "queue_name", "queue_id", "media_type", "interaction_volume",
          "weighted_effective_handle_time", "sla_breaches_120s", "avg_queue_wait",
          "first_contact_resolution_rate", "offered", "abandon_rate", "service_level", "aht");
  private static final List<String> HEADINGS =
      List.of("date", "queue", "queue_id", "media", "volume", "weighted_aht_s", "sla_breach", "avg_wait_s",
          "fcr_rate", "offered", "abandon", "svc_level", "aht_s");

  private KpiDailyTable() {}

  /** A queue without a name shows its id alone. */
  public static void print(PrintStream out, TableReader tables) {
    List<Map<String, String>> rows = new ArrayList<>(tables.rows("kpi_daily"));
    rows.sort(
        Comparator.comparing((Map<String, String> r) -> String.valueOf(r.get("report_date")))
            .thenComparing(r -> String.valueOf(r.get("queue_id")))
            .thenComparing(r -> String.valueOf(r.get("media_type"))));
    out.println();
    out.println("kpi_daily (" + rows.size() + " rows; times in seconds)");
    StringBuilder line = new StringBuilder();
    for (String heading : HEADINGS) {
      line.append(String.format(width(heading), heading));
    }
    out.println(line.toString().stripTrailing());
    for (Map<String, String> row : rows) {
      line.setLength(0);
      for (int i = 0; i < COLUMNS.size(); i++) {
        line.append(String.format(width(HEADINGS.get(i)), cell(row.get(COLUMNS.get(i)))));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String width(String heading) {
    return switch (heading) {
      case "queue_id" -> "%-38s";
      case "queue" -> "%-22s";
      case "date" -> "%-12s";
      default -> "%-15s";
    };
  }

  private static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    if (value.contains(".")) {
      try {
        return String.format("%.3f", Double.parseDouble(value));
      } catch (NumberFormatException e) {
        return value;
      }
    }
    return value;
  }
}
