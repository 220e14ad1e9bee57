package io.gckpi.genesys.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.testing.EmulatorHttp.ApiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Asynchronous detail jobs: submit, status, results by cursor, delete. A job holds the
 * conversations whose lifetime overlaps its interval, fixed at submission. Its state follows its
 * age: QUEUED for the first half of the job delay, PENDING for the second, then FULFILLED, or
 * FAILED (a drawn failure, or a result count over {@code jobResultCap}, reported through the job
 * status with an errorMessage as the real API does), or EXPIRED once read under the
 * {@code jobExpired} fault. Results are rendered page by page from the generated JSON, so 50,000+
 * conversations fit in a small heap; a cursor carries its page and when it was issued, so it can
 * expire under the {@code expireCursor} fault.
 */
final class DetailJobStore {
  private static final class Job {
    final String id;
    final Interval interval;
    final long submittedMs;
    final List<ConversationGenerator.Generated> results;
    final boolean failed;
    @Nullable String errorMessage;
    boolean read;
    final Set<Integer> pagesRequested = ConcurrentHashMap.newKeySet();

    Job(String id, Interval interval, long submittedMs, List<ConversationGenerator.Generated> r,
        boolean failed, @Nullable String errorMessage) {
      this.id = id;
      this.interval = interval;
      this.submittedMs = submittedMs;
      this.results = r;
      this.failed = failed;
      this.errorMessage = errorMessage;
    }
  }

  private final SyntheticDataset dataset;
  private final Duration jobDelay;
  private final int jobResultCap;
  private final Clock clock;
  private final EmulatorStats stats;
  private final FaultInjector faults;
  private final ConversationVersions versions;
  private final AtomicLong ids;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  /** {@code ids} numbers tokens and jobs in one sequence. */
  DetailJobStore(SyntheticDataset dataset, Duration jobDelay, int jobResultCap, Clock clock,
      EmulatorStats stats, FaultInjector faults, ConversationVersions versions, AtomicLong ids) {
    this.dataset = dataset;
    this.jobDelay = jobDelay;
    this.jobResultCap = jobResultCap;
    this.clock = clock;
    this.stats = stats;
    this.faults = faults;
    this.versions = versions;
    this.ids = ids;
  }

  void submit(HttpExchange ex) throws IOException {
    Interval iv = EmulatorHttp.interval(EmulatorHttp.body(ex));
    faults.failWindow(iv);
    List<ConversationGenerator.Generated> matches = new ArrayList<>();
    for (ConversationGenerator.Generated g : dataset.generated()) {
      if (SyntheticDataset.overlaps(g.truth(), iv)) {
        matches.add(g);
      }
    }
    String id = String.format("job-%06d-%08x", ids.incrementAndGet(), iv.hashCode());
    boolean failed = faults.jobFails();
    String error = failed ? "Job failed while processing" : null;
    if (matches.size() > jobResultCap) {
      failed = true;
      error = "Job result count " + matches.size() + " exceeds the limit of " + jobResultCap
          + "; split the interval";
      stats.jobsOverCap.incrementAndGet();
    }
    jobs.put(id, new Job(id, iv, System.currentTimeMillis(), matches, failed, error));
    stats.jobActivity.put(id, new EmulatorStats.JobActivity(id, iv.toString(), System.nanoTime()));
    stats.jobsSubmitted.incrementAndGet();
    ObjectNode body = EmulatorHttp.MAPPER.createObjectNode();
    body.put("jobId", id);
    EmulatorHttp.send(ex, 202, body.toString());
  }

  void delete(HttpExchange ex, String id) throws IOException {
    if (jobs.remove(id) == null) {
      throw new ApiError(404, "not.found", "Job " + id + " not found");
    }
    EmulatorStats.JobActivity activity = stats.jobActivity.get(id);
    if (activity != null) {
      activity.deletedNanos = System.nanoTime();
    }
    EmulatorHttp.send(ex, 204, null);
  }

  private Job job(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      throw new ApiError(404, "not.found", "Job " + id + " not found");
    }
    return job;
  }

  private String state(Job job) {
    long age = System.currentTimeMillis() - job.submittedMs;
    long d = jobDelay.toMillis();
    if (age < d / 2) {
      return "QUEUED";
    }
    if (age < d) {
      return "PENDING";
    }
    if (job.failed) {
      return "FAILED";
    }
    if (faults.faults().jobExpired() && job.read) {
      return "EXPIRED";
    }
    return "FULFILLED";
  }

  void status(HttpExchange ex, String id) throws IOException {
    Job job = job(id);
    EmulatorStats.JobActivity activity = stats.jobActivity.get(id);
    if (activity != null) {
      activity.statusPolls.incrementAndGet();
    }
    String state = state(job);
    ObjectNode body = EmulatorHttp.MAPPER.createObjectNode();
    body.put("state", state);
    if (state.equals("FAILED") || state.equals("EXPIRED")) {
      body.put("errorMessage", job.errorMessage != null ? job.errorMessage : "Job " + state);
    }
    body.put("submissionDate", ConversationJson.formatTimestamp(job.submittedMs));
    body.put(
        "expirationDate", ConversationJson.formatTimestamp(job.submittedMs + 48 * 3_600_000L));
    EmulatorHttp.send(ex, 200, body.toString());
  }

  void results(HttpExchange ex, String id) throws IOException {
    Job job = job(id);
    String state = state(job);
    if (!state.equals("FULFILLED")) {
      throw new ApiError(400, "bad.request", "Job " + id + " is " + state + ", not FULFILLED");
    }
    Faults f = faults.faults();
    Map<String, String> params = EmulatorHttp.queryParams(ex);
    int pageSize = EmulatorHttp.parseInt(params.getOrDefault("pageSize", "1000"), "pageSize");
    if (pageSize < 1 || pageSize > 10_000) {
      throw new ApiError(400, "bad.request", "pageSize must be within 1..10000, got " + pageSize);
    }
    int page = 0;
    String cursor = params.get("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      String[] parts;
      try {
        parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
            .split(":");
        page = Integer.parseInt(parts[0]);
      } catch (RuntimeException e) {
        throw new ApiError(400, "bad.request", "Invalid cursor " + cursor);
      }
      long issued = Long.parseLong(parts[1]);
      int expire = f.expireCursorSeconds();
      if (expire >= 0 && System.currentTimeMillis() - issued > expire * 1000L) {
        throw new ApiError(400, "bad.request", "The cursor has expired: " + cursor);
      }
    }
    boolean firstRequest = job.pagesRequested.add(page);
    if (f.failPageOnce() == page && firstRequest) {
      throw EmulatorHttp.serverError(503);
    }
    int from = page * pageSize;
    int to = Math.min(job.results.size(), from + pageSize);
    int next = page + 1;
    if (f.dropPage() >= 0 && next == f.dropPage()) {
      next++;
    }
    boolean more = next * pageSize < job.results.size();
    StringBuilder sb = new StringBuilder(Math.max(16, (to - from) * 3000));
    sb.append("{\"conversations\":[");
    for (int i = from; i < to; i++) {
      if (i > from) {
        sb.append(',');
      }
      sb.append(versions.fetch(job.results.get(i), job.interval));
    }
    sb.append(']');
    if (more) {
      String c = Base64.getUrlEncoder().withoutPadding().encodeToString(
          (next + ":" + System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
      sb.append(",\"cursor\":\"").append(c).append('"');
    }
    sb.append(",\"dataAvailabilityDate\":\"")
        .append(ConversationJson.formatTimestamp(clock.millis()))
        .append("\"}");
    job.read = true;
    stats.pagesServedPerJob.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
    EmulatorStats.JobActivity activity = stats.jobActivity.get(id);
    if (activity != null) {
      long now = System.nanoTime();
      if (activity.pages.getAndIncrement() == 0) {
        activity.firstPageNanos = now;
      }
      activity.lastPageNanos = now;
    }
    String text = sb.toString();
    if (f.truncate() && page == 0 && firstRequest) {
      stats.truncatedPages.incrementAndGet();
      text = text.substring(0, text.length() / 2);
    }
    EmulatorHttp.send(ex, 200, text);
  }
}
