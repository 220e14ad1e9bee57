package io.gckpi.genesys;

import io.gckpi.genesys.WindowProgress.Part;
import io.gckpi.genesys.client.GenesysApi;
import io.gckpi.genesys.client.GenesysApi.DetailsQuery;
import io.gckpi.genesys.client.GenesysApi.FetchedConversation;
import io.gckpi.genesys.client.GenesysApi.JobResultsPage;
import io.gckpi.genesys.client.GenesysApi.JobStatus;
import io.gckpi.genesys.client.GenesysApi.QueryPage;
import io.gckpi.genesys.client.GenesysApiException;
import io.gckpi.genesys.client.GenesysClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a span of extraction windows one API step at a time: submit and await a part's detail
 * job, or fetch one page (of the part's job cursor, or of a paged query). A step is split in two:
 * {@link #fetch} makes the API call for one part and returns its {@link Outcome} (it may run on
 * another thread, ahead of time: see {@link PrefetchingPager}); {@link #apply} turns a {@link
 * WindowProgress} and an outcome into the next progress and the conversations that step read.
 * The splittable DoFns claim the next progress before they emit, which is what makes a
 * checkpoint exact. Plain Java, so that the span logic is tested without a pipeline.
 *
 * <p>Exactness rests on two rules. A conversation is kept by the part holding its start, and goes
 * to the window holding its start: a job returns every conversation whose lifetime overlaps its
 * interval (and started on a UTC day the interval touches), so a long conversation comes back
 * in several parts, and only the part holding its start emits it. And the pages of one job are
 * read once each, in cursor order: a failed page is fetched again with the same cursor.
 *
 * <p>Failures: a failed step is tried again, up to the attempt limit in a row per part (counted
 * across checkpoints, and from none again after each step that succeeds), first with the same job
 * and cursor; when the job itself failed, or its cursor or
 * job is gone (Genesys expires both), the part starts again with a new job, and the
 * conversations of its earlier pages come out a second time, to be reduced by the read's
 * de-duplication. A request Genesys refuses (a 4xx other than 429, before any job exists) fails
 * the same way every time, so it uses up the part's attempts at once. A part that used up its
 * attempts and covers several windows is cut in two at a window boundary, each half with fresh
 * attempts; one within a single window fails that window ({@link FailedWindow}) and the span
 * goes on with the others. In jobs mode a part first gets a second way in: when its jobs used up
 * their attempts (they failed, or their cursors or the jobs expired, again and again), the part is
 * read by detail queries instead ({@code Part.byQuery}, counted as {@code parts_read_by_query}),
 * with fresh attempts, and only a part that fails by query too is cut or fails its window.
 *
 * <p>Result caps: Genesys refuses more than 400,000 results per job (the job ends FAILED) and
 * paging past 100,000 per query (page one's approximate total hits say so); such a part is split
 * in halves, down to one minute, before any of its pages is emitted. Before the first job the
 * parts are planned from Genesys' conversation counts ({@link PartPlanner}): in jobs mode into
 * equal shares of the span, and with a sizing target into parts under it, leaving the cap split
 * for the estimate's misses.
 */
final class WindowPager {
  private static final Logger LOG = LoggerFactory.getLogger(WindowPager.class);
  private static final Duration MIN_PART = Duration.ofMinutes(1);
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

  /** What a span is read with, taken from the read's settings. */
  record Settings(
      GenesysIO.Mode mode,
      int pageSize,
      @Nullable String conversationFilters,
      @Nullable String segmentFilters,
      long resultCap,
      int maxAttempts,
      long sizingTarget,
      int jobConcurrency)
      implements java.io.Serializable {
    static Settings of(GenesysIO.Read read) {
      return new Settings(read.getMode(), read.pageSize(), read.getConversationFilters(),
          read.getSegmentFilters(), read.resultCap(), read.getMaxAttemptsPerWindow(),
          read.getAggregateSizingTarget(), read.getJobConcurrency());
    }
  }

  /** What one API step for one part gave; never an exception of the API. */
  sealed interface Outcome {}

  /** A job was submitted and reached a terminal state (or was given up on: see {@code error}). */
  record JobEnded(String jobId, JobStatus status) implements Outcome {}

  /** One page of the part's job. */
  record JobPage(JobResultsPage page) implements Outcome {}

  /** Page {@code pageNumber} of the part's detail query. */
  record QueryResult(QueryPage page, int pageNumber) implements Outcome {}

  /** The step failed; {@code submittedJobId} is a job it left behind, to delete. */
  record Failed(GenesysApiException error, @Nullable String submittedJobId) implements Outcome {}

  private final GenesysApi api;
  private final GenesysIO.Mode mode;
  private final int pageSize;
  private final @Nullable String conversationFilters;
  private final @Nullable String segmentFilters;
  private final long resultCap;
  private final int maxAttempts;
  private final long sizingTarget;
  private final int jobConcurrency;
  private final Counter windowsSized = Metrics.counter("gckpi.genesys", "windows_sized");
  private final Counter sizingFallbacks = Metrics.counter("gckpi.genesys", "sizing_fallbacks");
  private final Counter partsByQuery = Metrics.counter("gckpi.genesys", "parts_read_by_query");

  WindowPager(GenesysApi api, Settings settings) {
    this.api = api;
    this.mode = settings.mode();
    this.pageSize = settings.pageSize();
    this.conversationFilters = settings.conversationFilters();
    this.segmentFilters = settings.segmentFilters();
    this.resultCap = settings.resultCap();
    this.maxAttempts = settings.maxAttempts();
    this.sizingTarget = settings.sizingTarget();
    this.jobConcurrency = settings.jobConcurrency();
  }

  GenesysIO.Mode mode() {
    return mode;
  }

  int jobConcurrency() {
    return jobConcurrency;
  }

  GenesysApi api() {
    return api;
  }

  /** A conversation a step read, with the window it belongs to. */
  record Kept(String windowId, FetchedConversation conversation) {}

  /**
   * One step's outcome: the progress to claim, the conversations to emit once it is claimed, the
   * jobs to delete once it is claimed (their last page was read, or they failed), the windows
   * that used up their attempts with this step, and whether the step was a failed attempt.
   */
  record Step(
      WindowProgress next,
      List<Kept> conversations,
      List<String> finishedJobIds,
      List<FailedWindow> failures,
      boolean retry) {
    Step(WindowProgress next) {
      this(next, List.of(), List.of(), List.of(), false);
    }
  }

  /** The next step of the span's first part, fetched and applied here. */
  Step advance(WindowProgress progress) {
    if (needsSizing(progress)) {
      return sizeStep(progress);
    }
    return apply(progress, 0, fetch(progress.parts().get(0)));
  }

  /**
   * Whether the span's parts are still to be planned from the aggregates API: with a sizing
   * target always, and in jobs mode when the span is to be read in several parts, so that they
   * hold equal shares of its conversations instead of equal lengths of its day. Only before the
   * span's first job: the parts of a result-cap split are not planned again.
   */
  boolean needsSizing(WindowProgress progress) {
    return !progress.sized()
        && (sizingTarget > 0 || (mode == GenesysIO.Mode.JOBS && progress.parts().size() > 1));
  }

  /**
   * Plans the span's parts from the aggregates API before its first job ({@link PartPlanner}):
   * in jobs mode {@code jobConcurrency} parts side by side, in query mode one, more where the
   * sizing target needs them. Planning only saves requests, so when the counts cannot be had the
   * parts stay as they were and the result cap still splits them.
   */
  Step sizeStep(WindowProgress progress) {
    Interval span = progress.span();
    List<Interval> parts = new ArrayList<>();
    for (Part part : progress.parts()) {
      parts.add(part.range());
    }
    if (PartPlanner.sizable(span.duration())) {
      try {
        parts = PartPlanner.plan(api, span, new PartPlanner.Goal(
            sizingTarget > 0 ? sizingTarget : Long.MAX_VALUE,
            mode == GenesysIO.Mode.JOBS ? jobConcurrency : 1, pageSize));
        windowsSized.inc();
        LOG.info("Span {}: read in {} part(s) planned from the aggregates API's counts{}", span,
            parts.size(), sizingTarget > 0 ? " (at most " + sizingTarget + " each)" : "");
      } catch (RuntimeException e) {
        sizingFallbacks.inc();
        LOG.warn("Span {}: no conversation counts from the aggregates API, reading it in {}"
            + " part(s) (the result cap still splits them): {}", span, parts.size(),
            e.getMessage());
      }
    }
    return new Step(progress.sizedInto(parts));
  }

  /**
   * The API call of {@code part}'s next step: submit and await its job when it has none, else
   * fetch its next page. Failures of the API come back as {@link Failed}, never thrown.
   */
  Outcome fetch(Part part) {
    String submitted = null;
    try {
      if (readsByQuery(part)) {
        int pageNumber = part.cursor() == null ? 1 : Integer.parseInt(part.cursor());
        return new QueryResult(
            api.queryDetails(query(part.range()), queryPageSize(), pageNumber), pageNumber);
      }
      if (part.jobId() == null) {
        submitted = api.submitDetailsJob(query(part.range()));
        return new JobEnded(submitted, api.awaitDetailsJob(submitted, JOB_TIMEOUT));
      }
      return new JobPage(api.getDetailsJobResults(part.jobId(), part.cursor(), pageSize));
    } catch (GenesysApiException e) {
      return new Failed(e, submitted);
    }
  }

  private boolean readsByQuery(Part part) {
    return mode == GenesysIO.Mode.QUERY || part.byQuery();
  }

  /** The read's page size in query mode; a jobs-mode part read by query pages Genesys' most. */
  private int queryPageSize() {
    return mode == GenesysIO.Mode.QUERY ? pageSize : GenesysClient.QUERY_PAGE_SIZE_MAX;
  }

  /** The read's result cap in query mode; Genesys' paging cap for a jobs-mode part by query. */
  private long queryResultCap() {
    return mode == GenesysIO.Mode.QUERY ? resultCap : GenesysClient.QUERY_RESULT_CAP;
  }

  /** The step {@code outcome} (of part {@code index}'s fetch) makes of {@code progress}. */
  Step apply(WindowProgress progress, int index, Outcome outcome) {
    try {
      if (outcome instanceof Failed failed) {
        Step step = failure(progress, index, failed.error());
        return failed.submittedJobId() == null ? step : withDelete(step, failed.submittedJobId());
      }
      if (outcome instanceof JobEnded ended) {
        return jobEnded(progress, index, ended);
      }
      if (outcome instanceof JobPage page) {
        return jobPage(progress, index, page.page());
      }
      QueryResult result = (QueryResult) outcome;
      return queryPage(progress, index, result.page(), result.pageNumber());
    } catch (GenesysApiException e) {
      return failure(progress, index, e);
    }
  }

  private static Step withDelete(Step step, String jobId) {
    List<String> jobs = new ArrayList<>(step.finishedJobIds());
    jobs.add(jobId);
    return new Step(step.next(), step.conversations(), jobs, step.failures(), step.retry());
  }

  private Step failure(WindowProgress progress, int index, GenesysApiException e) {
    Part part = progress.parts().get(index);
    // Refused: a 4xx other than 429, or a part over the cap at its smallest size.
    boolean refused =
        !e.isRetryable() && (e.getStatus() == 0 || (e.getStatus() >= 400 && e.getStatus() < 500));
    int attempts = part.failedAttempts() + 1;
    List<String> abandoned = part.jobId() == null ? List.of() : List.of(part.jobId());
    // A refused page means the job or its cursor is gone; anything else is worth repeating.
    boolean newJob = refused || e.getStatus() == 0;
    boolean jobsUsedUp = attempts >= maxAttempts
        || (newJob && part.jobId() != null && part.newJobs() + 1 >= maxAttempts);
    if (jobsUsedUp && !readsByQuery(part)) {
      partsByQuery.inc();
      LOG.warn("Span {}: the jobs of part {} failed {} time(s) ({}); reading the part by detail"
          + " queries instead", progress.spanId(), part.interval(),
          Math.max(attempts, part.newJobs() + 1), e.getMessage());
      return new Step(progress.readByQuery(index), List.of(), abandoned, List.of(), true);
    }
    if (attempts >= maxAttempts || (refused && part.jobId() == null)) {
      Interval range = part.range();
      Instant cut = progress.windowBoundaryInside(range);
      if (cut != null) {
        LOG.warn("Span {}: part {} failed {} time(s) ({}); reading it as two parts cut at {}",
            progress.spanId(), range, attempts, e.getMessage(), cut);
        return new Step(progress.cutPart(index, cut), List.of(), abandoned, List.of(), true);
      }
      int window = progress.windowIndexOf(range.start());
      String windowId = progress.windowIds().get(window);
      LOG.error("Window {} failed after {} attempt(s): {}", windowId, attempts, e.getMessage());
      return new Step(progress.failWindow(windowId), List.of(), abandoned,
          List.of(FailedWindow.create(windowId, String.valueOf(e.getMessage()), attempts,
              e.getCorrelationId())), false);
    }
    LOG.warn("Span {} part {} failed (attempt {} of {}); {}: {}", progress.spanId(),
        part.interval(), attempts, maxAttempts,
        newJob ? "starting the part again with a new job" : "repeating the same request",
        e.getMessage());
    return new Step(progress.afterFailure(index, newJob), List.of(),
        newJob ? abandoned : List.of(), List.of(), true);
  }

  private DetailsQuery query(Interval part) {
    return new DetailsQuery(part, "asc", "conversationStart", conversationFilters, segmentFilters);
  }

  private Step jobEnded(WindowProgress progress, int index, JobEnded ended) {
    JobStatus status = ended.status();
    if (status.state().equals("FULFILLED")) {
      return new Step(progress.withJob(index, ended.jobId()));
    }
    String message = status.errorMessage() == null ? status.state() : status.errorMessage();
    if (message.contains("exceeds") || message.toLowerCase().contains("limit")) {
      return withDelete(capReached(progress, index, 0, message), ended.jobId());
    }
    // Status 0: not an HTTP refusal; the next attempt submits a new job.
    return withDelete(failure(progress, index, new GenesysApiException(
        "detail job " + ended.jobId() + " for " + progress.partInterval(index) + " ended "
            + status.state() + ": " + message, 0, null, true)), ended.jobId());
  }

  private Step jobPage(WindowProgress progress, int index, JobResultsPage page) {
    Part part = progress.parts().get(index);
    long[] perWindow = new long[progress.windowIds().size()];
    List<Kept> kept = startingIn(progress, part.range(), page.conversations(), perWindow);
    Instant availability = page.dataAvailabilityDate();
    WindowProgress next = progress.afterPage(index, page.cursor(), perWindow,
        availability == null ? null : availability.toEpochMilli());
    return new Step(next, kept, page.cursor() == null ? List.of(part.jobId()) : List.of(),
        List.of(), false);
  }

  /**
   * One page of a detail query over a part. Genesys answers a query with the conversations
   * whose lifetime overlaps the part (less those that started on a UTC day it does not touch),
   * so a part pages about its own length of data; those that start in it are kept. {@code
   * totalHits} is approximate (duplicates are filtered out of the pages after it is counted), so
   * the part is done at the first short or empty page. Page one's hits at the cap (Genesys
   * refuses paging past 100,000 results) split the part in halves before anything is emitted;
   * should the hits have under-stated it and the next page pass the cap, the rest of the part,
   * from the last start read (results come in start order), is read as a part of its own.
   */
  private Step queryPage(WindowProgress progress, int index, QueryPage page, int pageNumber) {
    Interval part = progress.partInterval(index);
    Part read = progress.parts().get(index);
    int pageSize = queryPageSize();
    long resultCap = queryResultCap();
    if (pageNumber == 1 && page.totalHits() >= resultCap) {
      return capReached(progress, index, 1, page.totalHits() + " hits");
    }
    long[] perWindow = new long[progress.windowIds().size()];
    List<Kept> kept = startingIn(progress, part, page.conversations(), perWindow);
    boolean last = page.conversations().size() < pageSize;
    if (!last && (long) (pageNumber + 1) * pageSize > resultCap) {
      Instant lastStart = lastStart(page.conversations());
      if (lastStart != null && lastStart.isAfter(part.start())) {
        LOG.info("Window part {} pages up to the result cap of {}; reading it on from {}",
            part, resultCap, lastStart);
        return new Step(progress.afterPage(index, null, perWindow, null)
            .withRemainder(index, new Interval(lastStart, part.end()), read.byQuery()), kept,
            List.of(), List.of(), false);
      }
      throw new GenesysApiException("window part " + part + " pages past the result cap of "
          + resultCap + " within one instant", 0, page.correlationId(), false);
    }
    return new Step(
        progress.afterPage(index, last ? null : String.valueOf(pageNumber + 1), perWindow, null),
        kept, List.of(), List.of(), false);
  }

  private static @Nullable Instant lastStart(List<FetchedConversation> page) {
    for (int i = page.size() - 1; i >= 0; i--) {
      if (page.get(i).conversationStart() != null) {
        return page.get(i).conversationStart();
      }
    }
    return null;
  }

  private Step capReached(WindowProgress progress, int index, long pagesSpent, String why) {
    Interval part = progress.partInterval(index);
    if (part.duration().compareTo(MIN_PART.multipliedBy(2)) < 0) {
      throw new GenesysApiException(
          "window part " + part + " still exceeds the result cap of " + resultCap
              + " at its smallest size", 0, null, false);
    }
    LOG.info("Window part {} reaches the result cap ({}); reading it in halves", part, why);
    return new Step(progress.splitPart(index, pagesSpent));
  }

  /**
   * The conversations of a page that start in {@code part}, each with the window holding its
   * start (counted into {@code perWindow}); unreadable starts are kept, in the window holding the
   * part's start (and de-duplicated downstream), so that the parser can dead-letter them.
   */
  private static List<Kept> startingIn(WindowProgress progress, Interval part,
      List<FetchedConversation> page, long[] perWindow) {
    List<Kept> kept = new ArrayList<>(page.size());
    int partWindow = progress.windowIndexOf(part.start());
    for (FetchedConversation conversation : page) {
      Instant start = conversation.conversationStart();
      int window;
      if (start == null) {
        window = partWindow;
      } else if (part.contains(start)) {
        window = progress.windowIndexOf(start);
      } else {
        continue;
      }
      perWindow[window]++;
      kept.add(new Kept(progress.windowIds().get(window), conversation));
    }
    return kept;
  }

  /** Deletes a job whose pages are all read; a job left behind expires on its own. */
  void deleteQuietly(@Nullable String jobId) {
    if (jobId == null) {
      return;
    }
    try {
      api.deleteDetailsJob(jobId);
    } catch (RuntimeException e) {
      LOG.info("Could not delete detail job {} (it expires on its own): {}", jobId, e.toString());
    }
  }
}
