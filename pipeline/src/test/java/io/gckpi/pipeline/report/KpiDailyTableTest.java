package io.gckpi.pipeline.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class KpiDailyTableTest {
  @Test
  public void aQueueIsShownByItsNameWithItsIdBeside() {
    Map<String, String> billing = Map.of("report_date", "2024-01-15", "queue_id", "q-1",
        "queue_name", "Billing", "media_type", "voice", "interaction_volume", "12", "aht",
        "301.5");
    Map<String, String> unnamed = Map.of("report_date", "2024-01-15", "queue_id", "q-2",
        "media_type", "chat", "interaction_volume", "3");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    KpiDailyTable.print(new PrintStream(text, true, StandardCharsets.UTF_8),
        table -> List.of(billing, unnamed));
    String printed = text.toString(StandardCharsets.UTF_8);
    assertThat(printed, containsString("kpi_daily (2 rows"));
    assertThat(printed, matchesPattern("(?s).*\\n2024-01-15 +Billing +q-1 +voice +12 .*301\\.500.*"));
    // No name known: the name column says so and the id still identifies the queue.
    assertThat(printed, matchesPattern("(?s).*\\n2024-01-15 +- +q-2 +chat +3 .*"));
  }
}
