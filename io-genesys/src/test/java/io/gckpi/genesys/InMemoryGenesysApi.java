package io.gckpi.genesys;

import io.gckpi.genesys.client.ClientListener;
import io.gckpi.genesys.client.GenesysApi;
import io.gckpi.genesys.client.GenesysApiException;
import io.gckpi.genesys.client.GenesysApiFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A {@link GenesysApi} held in memory, answering as Genesys' documentation says the detail
 * endpoints do: a job returns every conversation whose lifetime overlaps its interval; a query
 * returns those too, less the ones that started on a UTC day the interval does not touch, refuses
 * page sizes over 100 and paging past its result cap (400), and reports a {@code totalHits} that is
 * approximate (over- or under-stated by {@link #hitsError}). Requests are counted, so that tests of
 * the pager can say how many pages a window cost. Faults: every n-th request fails with a 503 (as
 * the client reports one it gave up retrying), and every request touching a dead interval with a
 * 500.
 */
final class InMemoryGenesysApi implements GenesysApi {
  static final Instant DAY1 = Instant.parse("2024-05-01T00:00:00Z");

  /**
   * Makes an in-memory API per reader, each holding the same conversations: {@code perHour} an
   * hour for {@code days} days from {@link #DAY1}, each lasting {@code minutes}.
   */
  record Factory(int days, int perHour, int minutes, int failEvery, @Nullable String deadInterval)
      implements GenesysApiFactory {
    List<Stored> conversations() {
      return evenly(DAY1, days, perHour, Duration.ofMinutes(minutes));
    }

    @Override
    public GenesysApi create(ClientListener listener) {
      InMemoryGenesysApi api = new InMemoryGenesysApi(conversations(), 100_000, 0.02);
      api.listener = listener;
      api.failEvery = failEvery;
      api.dead = deadInterval == null ? null : Interval.parse(deadInterval);
      return api;
    }
  }

  private ClientListener listener = ClientListener.NONE;
  private int failEvery;
  private @Nullable Interval dead;
  private final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger failuresSent = new AtomicInteger();

  /** The faults, checked first by every request. */
  private void faults(@Nullable Interval asked) {
    listener.onRequest("", "");
    if (dead != null && asked != null && dead.overlaps(asked)) {
      failuresSent.incrementAndGet();
      throw new GenesysApiException("dead interval " + dead, 500, "corr-dead", true);
    }
    if (failEvery > 0 && requests.incrementAndGet() % failEvery == 0) {
      failuresSent.incrementAndGet();
      throw new GenesysApiException("Gave up after retries: HTTP 503", 503, "corr-503", true);
    }
  }
  /** One conversation of the fake org; {@code end} null while it is active. */
  record Stored(String id, Instant start, @Nullable Instant end) {
    FetchedConversation fetched() {
      return new FetchedConversation(id, start, end,
          "{\"conversationId\":\"" + id + "\",\"conversationStart\":\"" + start + "\"}");
    }

    boolean overlaps(Interval interval) {
      return start.isBefore(interval.end()) && (end == null || !end.isBefore(interval.start()));
    }
  }

  private final List<Stored> conversations;
  private final long queryResultCap;
  private final double hitsError;
  /**
   * The jobs of the org: shared by every instance in the JVM, as Genesys serves a job to any
   * client of the org (a residual may resume on another DoFn instance, with another API).
   */
  private static final Map<String, List<Stored>> jobs = new ConcurrentHashMap<>();
  private static final AtomicInteger jobIds = new AtomicInteger();
  final AtomicInteger queryPages = new AtomicInteger();
  final AtomicInteger jobPages = new AtomicInteger();
  final AtomicInteger submits = new AtomicInteger();
  final AtomicInteger deletes = new AtomicInteger();
  /** What was asked, in order: "submit JOB INTERVAL", "page JOB CURSOR", "delete JOB". */
  final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
  /** Deletes answer 503 (as the client reports one it gave up retrying). */
  volatile boolean deletesFail;
  /** Every cursor is refused as expired (400), as Genesys refuses one used too late. */
  volatile boolean cursorsExpire;

  InMemoryGenesysApi(List<Stored> conversations, long queryResultCap, double hitsError) {
    List<Stored> sorted = new ArrayList<>(conversations);
    sorted.sort(Comparator.comparing(Stored::start).thenComparing(Stored::id));
    this.conversations = List.copyOf(sorted);
    this.queryResultCap = queryResultCap;
    this.hitsError = hitsError;
  }

  /** {@code perHour} conversations an hour over {@code days} days from {@code from}, each
   * lasting {@code length}. */
  static List<Stored> evenly(Instant from, int days, int perHour, Duration length) {
    List<Stored> out = new ArrayList<>();
    long step = Duration.ofHours(1).toMillis() / perHour;
    for (int i = 0; i < days * 24 * perHour; i++) {
      Instant start = from.plusMillis(i * step);
      out.add(new Stored(String.format("c-%07d", i), start, start.plus(length)));
    }
    return out;
  }

  List<String> idsStartingIn(Interval interval) {
    return conversations.stream().filter(c -> interval.contains(c.start())).map(Stored::id)
        .toList();
  }

  @Override
  public QueryPage queryDetails(DetailsQuery query, int pageSize, int pageNumber) {
    Interval interval = query.interval();
    faults(interval);
    queryPages.incrementAndGet();
    if (pageSize > 100) {
      throw new GenesysApiException("pageSize over 100", 400, "corr", false);
    }
    if (interval.duration().compareTo(Duration.ofDays(31)) > 0) {
      throw new GenesysApiException("interval over 31 days", 400, "corr", false);
    }
    if ((long) pageNumber * pageSize > queryResultCap) {
      throw new GenesysApiException("paging past " + queryResultCap, 400, "corr", false);
    }
    Instant firstDay = interval.start().truncatedTo(ChronoUnit.DAYS);
    List<Stored> matches = conversations.stream()
        .filter(c -> !c.start().isBefore(firstDay) && c.overlaps(interval)).toList();
    int from = Math.min(matches.size(), (pageNumber - 1) * pageSize);
    int to = Math.min(matches.size(), from + pageSize);
    listener.onPage(to - from);
    return new QueryPage(fetched(matches.subList(from, to)),
        Math.round(matches.size() * (1 + hitsError)), "corr");
  }

  @Override
  public String submitDetailsJob(DetailsQuery query) {
    faults(query.interval());
    submits.incrementAndGet();
    String id = "job-" + jobIds.incrementAndGet() + "-" + Integer.toHexString(
        System.identityHashCode(this));
    log.add("submit " + id + " " + query.interval());
    jobs.put(id, conversations.stream().filter(c -> c.overlaps(query.interval())).toList());
    return id;
  }

  @Override
  public JobStatus getDetailsJobStatus(String jobId) {
    if (!jobs.containsKey(jobId)) {
      throw new GenesysApiException("no job " + jobId, 404, "corr", false);
    }
    return new JobStatus("FULFILLED", null, null);
  }

  @Override
  public JobStatus awaitDetailsJob(String jobId, Duration timeout) {
    return getDetailsJobStatus(jobId);
  }

  @Override
  public JobResultsPage getDetailsJobResults(String jobId, String cursor, int pageSize) {
    faults(null);
    jobPages.incrementAndGet();
    List<Stored> all = jobs.get(jobId);
    if (all == null) {
      throw new GenesysApiException("no job " + jobId, 404, "corr", false);
    }
    if (cursor != null && cursorsExpire) {
      throw new GenesysApiException("HTTP 400: the cursor has expired", 400, "corr-cursor", false);
    }
    int from = cursor == null ? 0 : Integer.parseInt(cursor);
    int to = Math.min(all.size(), from + pageSize);
    log.add("page " + jobId + " " + from + (to < all.size() ? "" : " last"));
    listener.onPage(to - from);
    return new JobResultsPage(fetched(all.subList(from, to)),
        to < all.size() ? String.valueOf(to) : null, null, "corr");
  }

  @Override
  public void deleteDetailsJob(String jobId) {
    log.add("delete " + jobId);
    if (deletesFail) {
      throw new GenesysApiException("Gave up after retries: HTTP 503", 503, "corr-503", true);
    }
    deletes.incrementAndGet();
    jobs.remove(jobId);
  }

  @Override
  public Instant getDetailsJobsAvailability() {
    return Instant.now();
  }

  @Override
  public List<AggregateRow> queryAggregates(AggregatesQuery query) {
    throw new GenesysApiException("no aggregates in memory", 501, "corr", false);
  }

  @Override
  public List<ReferenceEntity> listQueues() {
    return List.of();
  }

  @Override
  public List<ReferenceEntity> listWrapUpCodes() {
    return List.of();
  }

  @Override
  public List<ReferenceEntity> listSkills() {
    return List.of();
  }

  @Override
  public List<ReferenceEntity> listUsers() {
    return List.of();
  }

  @Override
  public void close() {}

  private static List<FetchedConversation> fetched(List<Stored> page) {
    return page.stream().map(Stored::fetched).toList();
  }
}
