package io.gckpi.genesys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.util.ExponentialBackOff;
import io.gckpi.genesys.client.GenesysApi.DetailsQuery;
import io.gckpi.genesys.client.GenesysApi.JobResultsPage;
import io.gckpi.genesys.client.GenesysApi.JobStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The detail jobs endpoints (bulk extraction): submit, status, await with backoff, cursor pages of
 * results, delete, and the data availability date.
 */
final class DetailJobsEndpoint {
  static final String PATH = "/api/v2/analytics/conversations/details/jobs";

  private final GenesysHttp http;

  DetailJobsEndpoint(GenesysHttp http) {
    this.http = http;
  }

  String submitDetailsJob(DetailsQuery query) {
    JsonNode answer = http.execute(
        GenesysHttp.Call.post(PATH, http.detailsBody(query), GenesysClient.PERMISSION_DETAILS),
        http::readTree);
    return GenesysHttp.requiredText(answer, "jobId", PATH);
  }

  JobStatus getDetailsJobStatus(String jobId) {
    JsonNode answer = http.execute(
        GenesysHttp.Call.get(jobPath(jobId), GenesysClient.PERMISSION_DETAILS), http::readTree);
    return new JobStatus(
        GenesysHttp.requiredText(answer, "state", jobPath(jobId)),
        answer.path("errorMessage").asText(null),
        DetailsPageParser.parseInstant(answer.path("expirationDate").asText(null)));
  }

  /**
   * Polls until the job ends, waiting longer after each answer that it is still QUEUED or
   * PENDING: google-http-client's {@link ExponentialBackOff} from the settings' poll interval,
   * x1.5 per poll, at most 30 s apart. Genesys' job status carries no Retry-After or estimate of
   * its own (state, errorMessage, expirationDate, submissionDate, completionDate), so the
   * backoff is the client's; it is not jittered, as the polls of different jobs are already
   * spread by their submit times. The read submits the next job ahead while others page, so
   * these waits overlap paging instead of holding it up.
   */
  JobStatus awaitDetailsJob(String jobId, Duration timeout) {
    long deadline = http.clock().nowMillis() + timeout.toMillis();
    ExponentialBackOff polls = new ExponentialBackOff.Builder()
        .setInitialIntervalMillis((int) Math.min(Integer.MAX_VALUE,
            http.settings().jobPollInterval().toMillis()))
        .setMultiplier(1.5)
        .setMaxIntervalMillis(30_000)
        .setRandomizationFactor(0)
        .setMaxElapsedTimeMillis(Integer.MAX_VALUE)
        .build();
    while (true) {
      JobStatus status = getDetailsJobStatus(jobId);
      if (status.isTerminal()) {
        return status;
      }
      long now = http.clock().nowMillis();
      if (now >= deadline) {
        throw new GenesysApiException(
            "Detail job " + jobId + " still " + status.state() + " after " + timeout,
            0,
            null,
            true);
      }
      long pollMillis;
      try {
        pollMillis = polls.nextBackOffMillis();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      http.sleep(Math.min(pollMillis, deadline - now));
    }
  }

  JobResultsPage getDetailsJobResults(String jobId, String cursor, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be >= 1, got " + pageSize);
    }
    String path =
        jobPath(jobId)
            + "/results?pageSize="
            + pageSize
            + (cursor == null
                ? ""
                : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    GenesysHttp.Parsed<DetailsPageParser.Page> parsed =
        http.execute(
            GenesysHttp.Call.get(path, GenesysClient.PERMISSION_DETAILS), http::detailsPage);
    DetailsPageParser.Page page = parsed.value();
    http.listener().onPage(page.conversations().size());
    return new JobResultsPage(
        page.conversations(), page.cursor(), page.dataAvailabilityDate(), parsed.correlationId());
  }

  void deleteDetailsJob(String jobId) {
    http.execute(GenesysHttp.Call.delete(jobPath(jobId), GenesysClient.PERMISSION_DETAILS),
        (in, correlationId) -> null);
  }

  Instant getDetailsJobsAvailability() {
    String path = PATH + "/availability";
    JsonNode answer =
        http.execute(GenesysHttp.Call.get(path, GenesysClient.PERMISSION_DETAILS), http::readTree);
    Instant availability =
        DetailsPageParser.parseInstant(answer.path("dataAvailabilityDate").asText(null));
    if (availability == null) {
      throw new GenesysApiException(
          "No readable dataAvailabilityDate in the answer of " + path, 200, null, true);
    }
    return availability;
  }


  private static String jobPath(String jobId) {
    if (jobId == null || jobId.isEmpty()) {
      throw new IllegalArgumentException("jobId must be non-empty");
    }
    return PATH + "/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8);
  }
}
