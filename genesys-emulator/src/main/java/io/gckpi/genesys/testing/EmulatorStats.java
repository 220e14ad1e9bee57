package io.gckpi.genesys.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of what the emulator did, so tests can assert retries and paging happened. */
public final class EmulatorStats {
  final AtomicLong requests = new AtomicLong();
  final AtomicLong tokensIssued = new AtomicLong();
  final AtomicLong tooManyRequestsSent = new AtomicLong();
  final AtomicLong serverErrorsSent = new AtomicLong();
  final AtomicLong resets = new AtomicLong();
  final AtomicLong truncatedPages = new AtomicLong();
  final AtomicLong jobsSubmitted = new AtomicLong();
  final AtomicLong queriesServed = new AtomicLong();
  final AtomicLong jobsOverCap = new AtomicLong();
  final AtomicLong aggregateQueriesServed = new AtomicLong();
  final AtomicLong faultsInjected = new AtomicLong();
  final Map<String, AtomicLong> pagesServedPerJob = new ConcurrentHashMap<>();
  final Map<String, JobActivity> jobActivity = new ConcurrentHashMap<>();

  /**
   * What the emulator saw of one detail job, for tests of how a client drives jobs: its
   * interval, when it was submitted, how often its status was asked for, when its first and last
   * results pages were served (System.nanoTime; 0: never) and whether it was deleted.
   */
  public static final class JobActivity {
    private final String jobId;
    private final String interval;
    private final long submittedNanos;
    final AtomicLong statusPolls = new AtomicLong();
    final AtomicLong pages = new AtomicLong();
    volatile long firstPageNanos;
    volatile long lastPageNanos;
    volatile long deletedNanos;

    JobActivity(String jobId, String interval, long submittedNanos) {
      this.jobId = jobId;
      this.interval = interval;
      this.submittedNanos = submittedNanos;
    }

    public String jobId() {
      return jobId;
    }

    public String interval() {
      return interval;
    }

    public long submittedNanos() {
      return submittedNanos;
    }

    public long statusPolls() {
      return statusPolls.get();
    }

    public long pages() {
      return pages.get();
    }

    public long firstPageNanos() {
      return firstPageNanos;
    }

    public long lastPageNanos() {
      return lastPageNanos;
    }

    public boolean deleted() {
      return deletedNanos != 0;
    }

    public long deletedNanos() {
      return deletedNanos;
    }

    @Override
    public String toString() {
      return jobId + " " + interval + ": " + statusPolls + " polls, " + pages + " pages"
          + (deleted() ? ", deleted" : "");
    }
  }

  public long requests() {
    return requests.get();
  }

  public long tokensIssued() {
    return tokensIssued.get();
  }

  public long tooManyRequestsSent() {
    return tooManyRequestsSent.get();
  }

  public long serverErrorsSent() {
    return serverErrorsSent.get();
  }

  public long resets() {
    return resets.get();
  }

  public long truncatedPages() {
    return truncatedPages.get();
  }

  public long jobsSubmitted() {
    return jobsSubmitted.get();
  }

  public long queriesServed() {
    return queriesServed.get();
  }

  /** Jobs that ended FAILED because their result count was over {@code jobResultCap}. */
  public long jobsOverCap() {
    return jobsOverCap.get();
  }

  public long aggregateQueriesServed() {
    return aggregateQueriesServed.get();
  }

  /**
   * The 429s and 5xx the {@link Faults} drew (a storm's 503s included), not those of the rate
   * limit: the requests a client could not have spent on a page whatever it did.
   */
  public long faultsInjected() {
    return faultsInjected.get();
  }

  /** Every detail job submitted so far, in the order they were submitted. */
  public java.util.List<JobActivity> jobs() {
    java.util.List<JobActivity> all = new java.util.ArrayList<>(jobActivity.values());
    all.sort(java.util.Comparator.comparingLong(JobActivity::submittedNanos)
        .thenComparing(JobActivity::jobId));
    return all;
  }

  public long pagesServed(String jobId) {
    AtomicLong n = pagesServedPerJob.get(jobId);
    return n == null ? 0 : n.get();
  }

  @Override
  public String toString() {
    return "EmulatorStats{requests=" + requests + ", tokens=" + tokensIssued + ", 429s="
        + tooManyRequestsSent + ", 5xx=" + serverErrorsSent + ", resets=" + resets
        + ", truncated=" + truncatedPages + ", jobs=" + jobsSubmitted + ", queries="
        + queriesServed + ", jobsOverCap=" + jobsOverCap + ", aggregateQueries="
        + aggregateQueriesServed + "}";
  }
}
