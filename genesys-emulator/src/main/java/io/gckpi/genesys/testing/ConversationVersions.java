package io.gckpi.genesys.testing;

import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The version of a conversation a request gets, shared by detail jobs and detail queries. Only a
 * request for an interval holding the conversation's start counts as a fetch of it (a
 * neighbouring window's job also returns it, because its lifetime overlaps, and gets the final
 * version): so the first read of the window that owns a closes-late conversation sees it open,
 * whatever the order windows are read in; with the {@code changing} fault its first fetch carries
 * another wrap-up code, with {@code resegment} other segments ({@link
 * ConversationChanges#resegmented}).
 */
final class ConversationVersions {
  private final SyntheticDataset dataset;
  private final FaultInjector faults;
  private final Map<String, AtomicLong> fetchCounts = new ConcurrentHashMap<>();

  ConversationVersions(SyntheticDataset dataset, FaultInjector faults) {
    this.dataset = dataset;
    this.faults = faults;
  }

  /** How often {@code id} has been fetched (see the class comment for what counts). */
  long fetches(String id) {
    AtomicLong n = fetchCounts.get(id);
    return n == null ? 0 : n.get();
  }

  String fetch(ConversationGenerator.Generated g, Interval asked) {
    if (!asked.contains(Instant.ofEpochMilli(g.truth().conversationStartMs()))) {
      return g.json();
    }
    long n = fetchCounts.computeIfAbsent(g.truth().conversationId(), k -> new AtomicLong())
        .getAndIncrement();
    if (n > 0) {
      return g.json();
    }
    if (g.firstFetchJson() != null) {
      return g.firstFetchJson();
    }
    String json = g.json();
    if (faults.faults().resegment() && g.truth().expectedMalformedReason() == null) {
      String resegmented = ConversationChanges.resegmented(json);
      json = resegmented != null ? resegmented : json;
    }
    String code = g.truth().wrapUpCode();
    if (faults.faults().changing() && code != null) {
      List<ReferenceEntity> codes = dataset.wrapUpCodes();
      String other = codes.get(0).id().equals(code) ? codes.get(1).id() : codes.get(0).id();
      return json.replace(code, other);
    }
    return json;
  }
}
