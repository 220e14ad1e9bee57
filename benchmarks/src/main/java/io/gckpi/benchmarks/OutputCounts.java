package io.gckpi.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run of the KPI transforms produced, counted the same way for the plain loop and for each
 * runner, so that a throughput figure is only compared with another over the same work.
 */
record OutputCounts(
    long interactions, long malformed, long filtered, long dailyRows, long ahtRows) {

  long conversations() {
    return interactions + malformed + filtered;
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("conversations", conversations());
    map.put("interactions", interactions);
    map.put("malformed", malformed);
    map.put("filtered", filtered);
    map.put("dailyRows", dailyRows);
    map.put("ahtRows", ahtRows);
    return map;
  }
}
