package io.gckpi.genesys.client;

import io.gckpi.genesys.Interval;
import java.time.Instant;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Genesys Cloud endpoints gckpi uses, one method per call. {@link GenesysClient} implements it
 * over HTTP with OAuth, rate limiting and retries; every method either returns a whole answer or
 * throws {@link GenesysApiException} (never a partial page).
 */
public interface GenesysApi extends AutoCloseable {

  /** POST /api/v2/analytics/conversations/details/jobs; returns the job id. */
  String submitDetailsJob(DetailsQuery query);

  /** GET /api/v2/analytics/conversations/details/jobs/{jobId}. */
  JobStatus getDetailsJobStatus(String jobId);

  /**
   * Polls the job with backoff until it reaches a terminal state (FULFILLED, FAILED, CANCELLED,
   * EXPIRED) or {@code timeout} passes.
   */
  JobStatus awaitDetailsJob(String jobId, java.time.Duration timeout);

  /** GET .../details/jobs/{jobId}/results?cursor=&amp;pageSize=; {@code cursor} null for page one. */
  JobResultsPage getDetailsJobResults(String jobId, String cursor, int pageSize);

  /** DELETE .../details/jobs/{jobId}. */
  void deleteDetailsJob(String jobId);

  /** GET .../details/jobs/availability: data before this instant is complete. */
  Instant getDetailsJobsAvailability();

  /** POST /api/v2/analytics/conversations/details/query, one page (pageSize &lt;= 100). */
  QueryPage queryDetails(DetailsQuery query, int pageSize, int pageNumber);

  /** POST /api/v2/analytics/conversations/aggregates/query, flattened to one row per stat. */
  List<AggregateRow> queryAggregates(AggregatesQuery query);

  /** GET /api/v2/routing/queues, every page. */
  List<ReferenceEntity> listQueues();

  /** GET /api/v2/routing/wrapupcodes, every page. */
  List<ReferenceEntity> listWrapUpCodes();

  /** GET /api/v2/routing/skills, every page. */
  List<ReferenceEntity> listSkills();

  /** GET /api/v2/users, every page. */
  List<ReferenceEntity> listUsers();

  @Override
  void close();

  /** What a detail job or query is asked for; filters are Genesys JSON passed through as is. */
  record DetailsQuery(
      Interval interval,
      String order,
      String orderBy,
      String conversationFiltersJson,
      String segmentFiltersJson)
      implements java.io.Serializable {
    public static DetailsQuery of(Interval interval) {
      return new DetailsQuery(interval, "asc", "conversationStart", null, null);
    }

    public DetailsQuery withInterval(Interval other) {
      return new DetailsQuery(other, order, orderBy, conversationFiltersJson, segmentFiltersJson);
    }
  }

  /** A detail job's state: QUEUED, PENDING, FULFILLED, FAILED, CANCELLED or EXPIRED. */
  record JobStatus(String state, String errorMessage, Instant expirationDate) {
    public boolean isTerminal() {
      return switch (state) {
        case "FULFILLED", "FAILED", "CANCELLED", "EXPIRED" -> true;
        default -> false;
      };
    }
  }

  /**
   * One conversation as read from a page: its raw JSON text (kept byte-for-byte for staging) and
   * the few fields extraction needs. {@code conversationStart} is null when the record's own
   * timestamp is unreadable; such a record is still passed on, to be dead-lettered by parsing.
   */
  record FetchedConversation(
      String conversationId, Instant conversationStart, Instant conversationEnd, String rawJson) {}

  /** One page of detail job results; {@code cursor} is null on the last page. */
  record JobResultsPage(
      List<FetchedConversation> conversations,
      String cursor,
      Instant dataAvailabilityDate,
      String correlationId) {}

  /** One page of a detail query. */
  record QueryPage(List<FetchedConversation> conversations, long totalHits, String correlationId) {}

  /** An aggregates query. */
  record AggregatesQuery(
      Interval interval,
      String granularity,
      String timeZone,
      List<String> groupBy,
      List<String> metrics,
      String filterJson) {}

  /**
   * One metric of one group in one bucket of an aggregates answer. Absent stats are null.
   * {@code group} holds the groupBy dimensions (queueId, mediaType, ...).
   */
  record AggregateRow(
      java.util.Map<String, String> group,
      Interval interval,
      String metric,
      Double count,
      Double sum,
      Double max,
      Double min,
      Double ratio,
      Double numerator,
      Double denominator,
      Double target) {}

  /**
   * A queue, wrap-up code, skill or user as the routing and users APIs list it: {@code id},
   * {@code name}, {@code division.id} and {@code division.name}, {@code state} and {@code
   * dateModified}, each null where the entity does not carry it (Genesys lists no state for queues
   * and wrap-up codes, and no dateModified for users).
   */
  record ReferenceEntity(
      String id,
      @Nullable String name,
      @Nullable String divisionId,
      @Nullable String divisionName,
      @Nullable String state,
      @Nullable Instant dateModified)
      implements java.io.Serializable {
    /** An entity known only by id and name. */
    public ReferenceEntity(String id, @Nullable String name) {
      this(id, name, null, null, null, null);
    }
  }
}
