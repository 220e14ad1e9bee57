package io.gckpi.genesys.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.model.SessionMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Answers aggregates queries from the generated session metrics, bucketed by EMIT time as Genesys
 * does: nOffered at the acd segment start; tAcd, tAbandon and nOverSla when the acd interact ends;
 * tAnswered when the agent first interacts; tTalkComplete and tHeldComplete and nTransferred when
 * the customer leaves the agent; tAcw and tHandle when wrap-up ends. A session's group is the
 * queueId on its segments (agent legs reached without a queue have none) and its mediaType.
 * oServiceLevel is a ratio: offered minus over-SLA over offered. nConversations counts each
 * conversation once, at its start, in the group of its first session. Each acd session is one
 * offer, so a conversation consulted or called back into a second queue is offered twice. The
 * figures come from the plan's metrics, so records served without metrics (as older ones are) and
 * deliberately malformed records count like the others: Genesys counts every conversation it
 * holds, however badly a consumer may later read its export.
 */
final class AggregateCalculator {
  static final Set<String> METRICS =
      Set.of("nOffered", "tAnswered", "tAbandon", "tHandle", "tTalkComplete", "tHeldComplete",
          "tAcw", "nTransferred", "nOverSla", "oServiceLevel", "tAcd", "nConversations");

  private AggregateCalculator() {}

  /** Stats of one metric in one bucket of one group. */
  private static final class Stat {
    long count;
    long sum;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;

    void add(long v) {
      count++;
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }

  /** A session's group: the queueId on its segments (if any) and its mediaType, as asked. */
  private static ObjectNode group(Session session, List<String> groupBy) {
    String queueId = null;
    for (Segment seg : session.getSegments()) {
      if (seg.getQueueId() != null) {
        queueId = seg.getQueueId();
        break;
      }
    }
    ObjectNode group = JsonNodeFactory.instance.objectNode();
    if (groupBy.contains("queueId") && queueId != null) {
      group.put("queueId", queueId);
    }
    if (groupBy.contains("mediaType")) {
      group.put("mediaType", session.getMediaType());
    }
    return group;
  }

  static ObjectNode answer(
      SyntheticDataset ds,
      Interval interval,
      Duration granularity,
      List<String> groupBy,
      Set<String> metrics,
      long slaMs) {
    long s = interval.start().toEpochMilli();
    long e = interval.end().toEpochMilli();
    long g = granularity.toMillis();
    // group key -> bucket start -> metric -> stat
    Map<String, Map<Long, Map<String, Stat>>> groups = new TreeMap<>();
    Map<String, ObjectNode> groupNodes = new TreeMap<>();
    // A query for conversation counts alone (how a read plans its parts) needs only the
    // conversations starting in the interval: the dataset is in start order, so it answers in
    // the time Genesys takes, not in a scan of every session's metrics.
    List<ConversationGenerator.Generated> generated = ds.generated();
    boolean countsOnly = metrics.equals(Set.of("nConversations"));
    int from = countsOnly ? firstStartingAtOrAfter(generated, s) : 0;
    int to = countsOnly ? firstStartingAtOrAfter(generated, e) : generated.size();
    for (ConversationGenerator.Generated gen : generated.subList(from, to)) {
      Conversation c = gen.model();
      long start = gen.truth().conversationStartMs();
      boolean counted = !metrics.contains("nConversations") || start < s || start >= e;
      for (Participant p : c.getParticipants()) {
        for (Session session : p.getSessions()) {
          ObjectNode group = group(session, groupBy);
          String key = group.toString();
          if (!counted) {
            counted = true;
            groupNodes.putIfAbsent(key, group);
            groups.computeIfAbsent(key, k -> new TreeMap<>())
                .computeIfAbsent(s + (start - s) / g * g, k -> new TreeMap<>())
                .computeIfAbsent("nConversations", k -> new Stat())
                .add(1);
          }
          if (countsOnly) {
            break;
          }
          for (SessionMetric m : session.getMetrics()) {
            Long emit = m.getEmitDateMs();
            if (emit == null || emit < s || emit >= e) {
              continue;
            }
            long bucket = s + (emit - s) / g * g;
            Map<String, Stat> stats =
                groups.computeIfAbsent(key, k -> new TreeMap<>())
                    .computeIfAbsent(bucket, k -> new TreeMap<>());
            groupNodes.putIfAbsent(key, group);
            if (metrics.contains(m.getName())) {
              stats.computeIfAbsent(m.getName(), k -> new Stat()).add(m.getValue());
            }
            if (m.getName().equals("tAcd")) {
              boolean over = m.getValue() > slaMs;
              if (metrics.contains("nOverSla") && over) {
                stats.computeIfAbsent("nOverSla", k -> new Stat()).add(1);
              }
              // Service-level numerator/denominator, kept under private names.
              stats.computeIfAbsent("_slOffered", k -> new Stat()).add(1);
              if (!over) {
                stats.computeIfAbsent("_slWithin", k -> new Stat()).add(1);
              }
            }
          }
        }
      }
    }
    return answer(groups, groupNodes, metrics, e, g);
  }

  /** The index of the first conversation starting at or after {@code ms} (list in start order). */
  private static int firstStartingAtOrAfter(List<ConversationGenerator.Generated> generated,
      long ms) {
    int low = 0;
    int high = generated.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (generated.get(mid).truth().conversationStartMs() < ms) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static ObjectNode answer(Map<String, Map<Long, Map<String, Stat>>> groups,
      Map<String, ObjectNode> groupNodes, Set<String> metrics, long e, long g) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode results = root.putArray("results");
    for (Map.Entry<String, Map<Long, Map<String, Stat>>> ge : groups.entrySet()) {
      ObjectNode r = results.addObject();
      r.set("group", groupNodes.get(ge.getKey()));
      ArrayNode data = r.putArray("data");
      for (Map.Entry<Long, Map<String, Stat>> be : ge.getValue().entrySet()) {
        Map<String, Stat> stats = be.getValue();
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put(
            "interval",
            new Interval(
                    Instant.ofEpochMilli(be.getKey()),
                    Instant.ofEpochMilli(Math.min(e, be.getKey() + g)))
                .toString());
        ArrayNode ms = d.putArray("metrics");
        for (Map.Entry<String, Stat> me : stats.entrySet()) {
          if (me.getKey().startsWith("_")) {
            continue;
          }
          Stat st = me.getValue();
          ObjectNode mn = ms.addObject();
          mn.put("metric", me.getKey());
          ObjectNode sn = mn.putObject("stats");
          sn.put("max", st.max);
          sn.put("min", st.min);
          sn.put("count", st.count);
          sn.put("sum", st.sum);
        }
        Stat offered = stats.get("_slOffered");
        if (metrics.contains("oServiceLevel") && offered != null) {
          Stat within = stats.get("_slWithin");
          long num = within == null ? 0 : within.count;
          ObjectNode mn = ms.addObject();
          mn.put("metric", "oServiceLevel");
          ObjectNode sn = mn.putObject("stats");
          sn.put("ratio", (double) num / offered.count);
          sn.put("numerator", num);
          sn.put("denominator", offered.count);
          sn.put("target", 0.8);
        }
        if (ms.size() > 0) {
          data.add(d);
        }
      }
      if (data.isEmpty()) {
        results.remove(results.size() - 1);
      }
    }
    return root;
  }
}
