package io.gckpi.genesys;

import io.gckpi.genesys.client.GenesysApi;
import io.gckpi.genesys.client.GenesysApi.DetailsQuery;
import io.gckpi.genesys.client.GenesysApi.FetchedConversation;
import io.gckpi.genesys.client.GenesysApi.JobResultsPage;
import io.gckpi.genesys.client.GenesysApi.JobStatus;
import io.gckpi.genesys.client.GenesysApi.QueryPage;
import io.gckpi.genesys.client.GenesysApiException;
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
 * Reads an extraction window one API step at a time: submit and await a detail job, or fetch one
 * page (of the job's cursor, or of a paged query). Each step turns a {@link WindowProgress} into
 * the next and the conversations that step read; the splittable DoFns claim the next progress
 * before they emit, which is what makes a checkpoint exact. Plain Java, so that the window logic
 * is tested without a pipeline.
 *
 * <p>Exactness rests on two rules. A window keeps only the conversations that START in it: a job
 * returns every conversation whose lifetime overlaps its interval, so a long conversation comes
 * back in several windows, and only the window holding its start emits it. And the pages of one
 * job are read once each, in cursor order: a failed page is fetched again with the same cursor.
 *
 * <p>Failures: a failed step is tried again, up to the attempt limit per window (counted across
 * checkpoints), first with the same job and cursor; when the job itself failed, or its cursor or
 * job is gone (Genesys expires both), the current part starts again with a new job, and the
 * conversations of its earlier pages come out a second time, to be reduced by the read's
 * de-duplication. A request Genesys refuses (a 4xx other than 429, before any job exists) fails
 * the same way every time, so it fails the window at once. After the last attempt the window
 * becomes a {@link FailedWindow}.
 *
 * <p>Result caps: Genesys refuses more than 400,000 results per job (the job ends FAILED) and
 * paging past 100,000 per query (page one's approximate total hits say so); such a part is split
 * in halves, down to one minute, before any of its pages is emitted. With a sizing target, the parts are planned before
 * the first job from Genesys' conversation counts instead ({@link PartPlanner}), and the cap split
 * is left for the estimate's misses.
 */
final class WindowPager {
  private static final Logger LOG = LoggerFactory.getLogger(WindowPager.class);
  private static final Duration MIN_PART = Duration.ofMinutes(1);
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

  /** What a window is read with, taken from the read's settings. */
  record Settings(
      GenesysIO.Mode mode,
      int pageSize,
      @Nullable String conversationFilters,
      @Nullable String segmentFilters,
      long resultCap,
      int maxAttempts,
      long sizingTarget)
      implements java.io.Serializable {
    static Settings of(GenesysIO.Read read) {
      return new Settings(read.getMode(), read.pageSize(), read.getConversationFilters(),
          read.getSegmentFilters(), read.resultCap(), read.getMaxAttemptsPerWindow(),
          read.getAggregateSizingTarget());
    }
  }

  private final GenesysApi api;
  private final GenesysIO.Mode mode;
  private final int pageSize;
  private final @Nullable String conversationFilters;
  private final @Nullable String segmentFilters;
  private final long resultCap;
  private final int maxAttempts;
  private final long sizingTarget;
  private final Counter windowsSized = Metrics.counter("gckpi.genesys", "windows_sized");
  private final Counter sizingFallbacks = Metrics.counter("gckpi.genesys", "sizing_fallbacks");

  WindowPager(GenesysApi api, Settings settings) {
    this.api = api;
    this.mode = settings.mode();
    this.pageSize = settings.pageSize();
    this.conversationFilters = settings.conversationFilters();
    this.segmentFilters = settings.segmentFilters();
    this.resultCap = settings.resultCap();
    this.maxAttempts = settings.maxAttempts();
    this.sizingTarget = settings.sizingTarget();
  }

  GenesysIO.Mode mode() {
    return mode;
  }

  /**
   * One step's outcome: the progress to claim, the conversations to emit once it is claimed, the
   * job to delete once it is claimed (its last page was read), and the failure when the window
   * has used up its attempts (then {@code next} is finished).
   */
  record Step(
      WindowProgress next,
      List<FetchedConversation> conversations,
      @Nullable String finishedJobId,
      @Nullable FailedWindow failure,
      boolean retry) {
    Step(WindowProgress next, List<FetchedConversation> conversations,
        @Nullable String finishedJobId) {
      this(next, conversations, finishedJobId, null, false);
    }
  }

  /** The next step of a window that is not done yet. Never throws for an API failure. */
  Step advance(WindowProgress progress) {
    if (sizingTarget > 0 && !progress.sized()) {
      return sizeStep(progress);
    }
    try {
      return mode == GenesysIO.Mode.JOBS ? jobStep(progress) : queryStep(progress);
    } catch (GenesysApiException e) {
      // Refused: a 4xx other than 429, or a part over the cap at its smallest size.
      boolean refused =
          !e.isRetryable() && (e.getStatus() == 0 || (e.getStatus() >= 400 && e.getStatus() < 500));
      int attempts = progress.failedAttempts() + 1;
      if (attempts >= maxAttempts || (refused && progress.jobId() == null)) {
        LOG.error("Window {} failed after {} attempt(s): {}", progress.windowId(), attempts,
            e.getMessage());
        return new Step(progress.afterFailure(false).finished(), List.of(), progress.jobId(),
            FailedWindow.create(progress.windowId(), String.valueOf(e.getMessage()), attempts,
                e.getCorrelationId()), false);
      }
      // A refused page means the job or its cursor is gone; anything else is worth repeating.
      boolean newJob = refused || e.getStatus() == 0;
      LOG.warn("Window {} part {} failed (attempt {} of {}); {}: {}", progress.windowId(),
          progress.parts().get(0), attempts, maxAttempts,
          newJob ? "starting the part again with a new job" : "repeating the same request",
          e.getMessage());
      return new Step(progress.afterFailure(newJob), List.of(), null, null, true);
    }
  }

  /**
   * Plans the window's parts from the aggregates API before its first job ({@link PartPlanner}).
   * Sizing only saves requests, so when the counts cannot be had the window is read whole and the
   * result cap still splits it.
   */
  private Step sizeStep(WindowProgress progress) {
    Interval window = progress.window();
    List<Interval> parts = List.of(window);
    if (PartPlanner.sizable(window.duration())) {
      try {
        parts = PartPlanner.plan(api, window, sizingTarget);
        windowsSized.inc();
        if (parts.size() > 1) {
          LOG.info("Window {}: read in {} parts sized from the aggregates API (target {})",
              window, parts.size(), sizingTarget);
        }
      } catch (RuntimeException e) {
        sizingFallbacks.inc();
        LOG.warn("Window {}: no conversation counts from the aggregates API, reading it whole"
            + " (the result cap still splits it): {}", window, e.getMessage());
      }
    }
    return new Step(progress.sizedInto(parts), List.of(), null);
  }

  private DetailsQuery query(Interval part) {
    return new DetailsQuery(part, "asc", "conversationStart", conversationFilters, segmentFilters);
  }

  private Step jobStep(WindowProgress progress) {
    Interval part = progress.currentPart();
    if (progress.jobId() == null) {
      String jobId = api.submitDetailsJob(query(part));
      JobStatus status = api.awaitDetailsJob(jobId, JOB_TIMEOUT);
      if (status.state().equals("FULFILLED")) {
        return new Step(progress.withJob(jobId), List.of(), null);
      }
      deleteQuietly(jobId);
      String message = status.errorMessage() == null ? status.state() : status.errorMessage();
      if (message.contains("exceeds") || message.toLowerCase().contains("limit")) {
        return capReached(progress, 0, message);
      }
      // Status 0: not an HTTP refusal; the next attempt submits a new job.
      throw new GenesysApiException(
          "detail job " + jobId + " for " + part + " ended " + status.state() + ": " + message,
          0, null, true);
    }
    JobResultsPage page = api.getDetailsJobResults(progress.jobId(), progress.cursor(), pageSize);
    List<FetchedConversation> kept = startingIn(part, page.conversations());
    Instant availability = page.dataAvailabilityDate();
    WindowProgress next =
        progress.afterPage(page.cursor(), kept.size(),
            availability == null ? null : availability.toEpochMilli());
    return new Step(next, kept, page.cursor() == null ? progress.jobId() : null);
  }

  /**
   * One page of a detail query over the current part. Genesys answers a query with the
   * conversations whose lifetime overlaps the part (less those that started on a UTC day it does
   * not touch), so a part pages about its own length of data; those that start in it are kept.
   * {@code totalHits} is approximate (duplicates are filtered out of the pages after it is
   * counted), so the part is done at the first short or empty page. Page one's hits at the cap
   * (Genesys refuses paging past 100,000 results) split the part in halves before anything is
   * emitted; should the hits have under-stated it and the next page pass the cap, the rest of the
   * part, from the last start read (results come in start order), is read as a part of its own.
   */
  private Step queryStep(WindowProgress progress) {
    Interval part = progress.currentPart();
    int pageNumber = progress.cursor() == null ? 1 : Integer.parseInt(progress.cursor());
    QueryPage page = api.queryDetails(query(part), pageSize, pageNumber);
    if (pageNumber == 1 && page.totalHits() >= resultCap) {
      return capReached(progress, 1, page.totalHits() + " hits");
    }
    List<FetchedConversation> kept = startingIn(part, page.conversations());
    boolean last = page.conversations().size() < pageSize;
    if (!last && (long) (pageNumber + 1) * pageSize > resultCap) {
      Instant lastStart = lastStart(page.conversations());
      if (lastStart != null && lastStart.isAfter(part.start())) {
        LOG.info("Window part {} pages up to the result cap of {}; reading it on from {}",
            part, resultCap, lastStart);
        return new Step(progress.afterPage(null, kept.size(), null)
            .withRemainder(new Interval(lastStart, part.end())), kept, null);
      }
      throw new GenesysApiException("window part " + part + " pages past the result cap of "
          + resultCap + " within one instant", 0, page.correlationId(), false);
    }
    return new Step(
        progress.afterPage(last ? null : String.valueOf(pageNumber + 1), kept.size(), null),
        kept, null);
  }

  private static @Nullable Instant lastStart(List<FetchedConversation> page) {
    for (int i = page.size() - 1; i >= 0; i--) {
      if (page.get(i).conversationStart() != null) {
        return page.get(i).conversationStart();
      }
    }
    return null;
  }

  private Step capReached(WindowProgress progress, long pagesSpent, String why) {
    Interval part = progress.currentPart();
    if (part.duration().compareTo(MIN_PART.multipliedBy(2)) < 0) {
      throw new GenesysApiException(
          "window part " + part + " still exceeds the result cap of " + resultCap
              + " at its smallest size", 0, null, false);
    }
    LOG.info("Window part {} reaches the result cap ({}); reading it in halves", part, why);
    return new Step(progress.splitCurrentPart(pagesSpent), List.of(), null);
  }

  /**
   * The conversations of a page that start in {@code part}; unreadable starts are kept (and
   * de-duplicated downstream) so that the parser can dead-letter them.
   */
  private static List<FetchedConversation> startingIn(
      Interval part, List<FetchedConversation> page) {
    List<FetchedConversation> kept = new ArrayList<>(page.size());
    for (FetchedConversation conversation : page) {
      Instant start = conversation.conversationStart();
      if (start == null || part.contains(start)) {
        kept.add(conversation);
      }
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
      LOG.debug("Could not delete detail job {} (it expires on its own): {}", jobId, e.toString());
    }
  }
}
