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
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one extraction window to the end: a detail job (submit, wait, every cursor page, delete)
 * or a paged detail query. Plain Java, so that the window logic is tested without a pipeline.
 *
 * <p>Exactness rests on two rules. A window keeps only the conversations that START in it: a job
 * returns every conversation whose lifetime overlaps its interval, so a long conversation comes
 * back in several windows, and only the window holding its start emits it. And a window's
 * conversations are handed over only once its cursor is exhausted: a failure part-way through
 * discards the partial read, and the whole window is read again with a new job, so no page is
 * ever emitted twice or skipped.
 *
 * <p>A window whose results reach the job or query cap (Genesys refuses more than 400,000 job or
 * 100,000 query results), or the configured target, is split in halves and each half read again.
 */
final class WindowReader {
  private static final Logger LOG = LoggerFactory.getLogger(WindowReader.class);
  private static final Duration MIN_PART = Duration.ofMinutes(1);
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

  private final GenesysApi api;
  private final GenesysIO.Mode mode;
  private final int pageSize;
  private final @Nullable String conversationFilters;
  private final @Nullable String segmentFilters;
  private final long resultCap;

  WindowReader(
      GenesysApi api,
      GenesysIO.Mode mode,
      int pageSize,
      @Nullable String conversationFilters,
      @Nullable String segmentFilters,
      long resultCap) {
    this.api = api;
    this.mode = mode;
    this.pageSize = pageSize;
    this.conversationFilters = conversationFilters;
    this.segmentFilters = segmentFilters;
    this.resultCap = resultCap;
  }

  /** Everything one window holds, once it has been read to the end. */
  record WindowRead(
      List<FetchedConversation> conversations,
      long pages,
      List<String> jobIds,
      @Nullable Instant dataAvailability,
      int parts) {}

  /** Reads {@code window}; throws on the first failure (the caller retries the whole window). */
  WindowRead read(Interval window) {
    Accumulator acc = new Accumulator();
    readPart(window, acc);
    return new WindowRead(acc.conversations, acc.pages, acc.jobIds, acc.dataAvailability,
        acc.parts);
  }

  private static final class Accumulator {
    final List<FetchedConversation> conversations = new ArrayList<>();
    final List<String> jobIds = new ArrayList<>();
    long pages;
    int parts;
    @Nullable Instant dataAvailability;
  }

  private void readPart(Interval part, Accumulator acc) {
    DetailsQuery query =
        new DetailsQuery(part, "asc", "conversationStart", conversationFilters, segmentFilters);
    List<FetchedConversation> fetched;
    try {
      fetched = mode == GenesysIO.Mode.JOBS ? readJob(query, acc) : readQuery(query, acc);
    } catch (ResultCapReached e) {
      if (part.duration().compareTo(MIN_PART.multipliedBy(2)) < 0) {
        throw new GenesysApiException(
            "window part " + part + " still exceeds the result cap of " + resultCap
                + " at its smallest size", 0, null, false);
      }
      LOG.info("Window part {} reaches the result cap ({}); reading it in halves", part,
          e.getMessage());
      for (Interval half : part.split(part.duration().dividedBy(2))) {
        readPart(half, acc);
      }
      return;
    }
    acc.parts++;
    for (FetchedConversation conversation : fetched) {
      // Keep a conversation only in the part holding its start; unreadable starts are kept and
      // de-duplicated downstream, so that the parser can dead-letter them.
      Instant start = conversation.conversationStart();
      if (start == null || part.contains(start)) {
        acc.conversations.add(conversation);
      }
    }
  }

  private List<FetchedConversation> readJob(DetailsQuery query, Accumulator acc) {
    String jobId = api.submitDetailsJob(query);
    acc.jobIds.add(jobId);
    try {
      JobStatus status = api.awaitDetailsJob(jobId, JOB_TIMEOUT);
      if (!status.state().equals("FULFILLED")) {
        String message = status.errorMessage() == null ? status.state() : status.errorMessage();
        if (message.contains("exceeds") || message.toLowerCase().contains("limit")) {
          throw new ResultCapReached(message);
        }
        throw new GenesysApiException(
            "detail job " + jobId + " for " + query.interval() + " ended " + status.state() + ": "
                + message, 0, null, true);
      }
      List<FetchedConversation> conversations = new ArrayList<>();
      String cursor = null;
      do {
        JobResultsPage page = api.getDetailsJobResults(jobId, cursor, pageSize);
        acc.pages++;
        conversations.addAll(page.conversations());
        if (page.dataAvailabilityDate() != null) {
          acc.dataAvailability = page.dataAvailabilityDate();
        }
        cursor = page.cursor();
        if (conversations.size() > resultCap) {
          throw new ResultCapReached(conversations.size() + " results");
        }
      } while (cursor != null);
      return conversations;
    } finally {
      try {
        api.deleteDetailsJob(jobId);
      } catch (RuntimeException e) {
        LOG.debug("Could not delete detail job {} (it expires on its own): {}", jobId, e.toString());
      }
    }
  }

  private List<FetchedConversation> readQuery(DetailsQuery query, Accumulator acc) {
    List<FetchedConversation> conversations = new ArrayList<>();
    for (int pageNumber = 1; ; pageNumber++) {
      QueryPage page = api.queryDetails(query, pageSize, pageNumber);
      acc.pages++;
      if (page.totalHits() >= resultCap) {
        throw new ResultCapReached(page.totalHits() + " hits");
      }
      conversations.addAll(page.conversations());
      if (page.conversations().isEmpty() || (long) pageNumber * pageSize >= page.totalHits()) {
        return conversations;
      }
    }
  }

  /** The part holds more results than one job or query may return. */
  private static final class ResultCapReached extends RuntimeException {
    ResultCapReached(String message) {
      super(message, null, false, false);
    }
  }
}
