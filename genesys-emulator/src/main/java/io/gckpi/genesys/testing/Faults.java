package io.gckpi.genesys.testing;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.Interval;
import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Misbehaviour the emulator injects, each as the real API shows it, so that retry, paging and
 * reconciliation code can be tested against something that fails the way Genesys fails. Random
 * faults draw from a {@link java.util.Random} seeded by {@link #seed()}, in request order.
 *
 * <p>Command-line names for {@link #parse} (comma separated):
 *
 * <ul>
 *   <li>{@code 429[=share]}: that share of API requests (default 0.1) answered 429 with
 *       Retry-After {@code retry-after} seconds.
 *   <li>{@code retry-after=N}: the Retry-After value of injected 429s (default 1; 3600 mimics a
 *       daily quota).
 *   <li>{@code 5xx[=share]}: that share (default 0.1) answered 500, 502, 503 or 504 in turn.
 *   <li>{@code storm}: every API request answered 503.
 *   <li>{@code slow=MS}: every response delayed by MS milliseconds.
 *   <li>{@code reset[=share]}: that share (default 0.05) of connections closed with no response.
 *   <li>{@code truncate}: the first request of the first results page of each job gets its body
 *       cut in half, with status 200 and matching headers; a retry gets the whole page.
 *   <li>{@code drop-page[=INDEX]}: results page INDEX (default 1) of each job is silently left
 *       out: the cursor of the page before jumps over it.
 *   <li>{@code expire-cursor[=SECONDS]}: a cursor used more than SECONDS (default 0) after it was
 *       issued is refused with 400 and a Genesys error body.
 *   <li>{@code job-failed[=share]}: that share (default 1) of jobs end FAILED.
 *   <li>{@code job-expired}: jobs end EXPIRED once fulfilled and first read.
 *   <li>{@code changing}: the first fetch of every wrapped-up conversation shows another wrap-up
 *       code than later fetches (closes-late conversations change regardless of this fault).
 *   <li>{@code resegment}: the first fetch of every closed conversation with a handler's talk
 *       shows that talk split into two interact segments and lacks the caller's last segment,
 *       as Genesys may show a conversation before it reprocesses it; later fetches show one
 *       segment fewer on the handler's session and one more on the caller's
 *       ({@link ConversationChanges#resegmented}). Every KPI is the same in both versions.
 *   <li>{@code fail-window=START/END}: every job submit and query whose interval overlaps it gets
 *       500, always.
 *   <li>{@code fail-page-once=N}: the first request for results page N of each job gets 503; a
 *       retry succeeds.
 *   <li>{@code seed=N}: seed of the fault draws.
 * </ul>
 */
@AutoValue
public abstract class Faults implements Serializable {
  public abstract double tooManyRequestsShare();

  public abstract int retryAfterSeconds();

  public abstract double serverErrorShare();

  public abstract boolean storm();

  public abstract int slowMs();

  public abstract double resetShare();

  public abstract boolean truncate();

  /** Results page index left out of every job, or -1. */
  public abstract int dropPage();

  /** Age in seconds after which a cursor is refused, or -1. */
  public abstract int expireCursorSeconds();

  public abstract double jobFailedShare();

  public abstract boolean jobExpired();

  public abstract boolean changing();

  public abstract boolean resegment();

  public abstract @Nullable Interval failWindow();

  /** Results page index whose first request fails with 503, or -1. */
  public abstract int failPageOnce();

  public abstract long seed();

  public static Faults none() {
    return builder().build();
  }

  public static Builder builder() {
    return new AutoValue_Faults.Builder()
        .setTooManyRequestsShare(0)
        .setRetryAfterSeconds(1)
        .setServerErrorShare(0)
        .setStorm(false)
        .setSlowMs(0)
        .setResetShare(0)
        .setTruncate(false)
        .setDropPage(-1)
        .setExpireCursorSeconds(-1)
        .setJobFailedShare(0)
        .setJobExpired(false)
        .setChanging(false)
        .setResegment(false)
        .setFailWindow(null)
        .setFailPageOnce(-1)
        .setSeed(42);
  }

  public abstract Builder toBuilder();

  /** Parses the comma list described in the class Javadoc; empty or "none" means no faults. */
  public static Faults parse(String commaList) {
    Builder b = builder();
    if (commaList == null || commaList.isBlank() || commaList.trim().equals("none")) {
      return b.build();
    }
    for (String item : commaList.split(",")) {
      String name = item.trim();
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1).trim();
        name = name.substring(0, eq).trim();
      }
      try {
        switch (name) {
          case "429" -> b.setTooManyRequestsShare(share(value, 0.1));
          case "retry-after" -> b.setRetryAfterSeconds(Integer.parseInt(value));
          case "5xx" -> b.setServerErrorShare(share(value, 0.1));
          case "storm" -> b.setStorm(true);
          case "slow" -> b.setSlowMs(value == null ? 200 : Integer.parseInt(value));
          case "reset" -> b.setResetShare(share(value, 0.05));
          case "truncate" -> b.setTruncate(true);
          case "drop-page" -> b.setDropPage(value == null ? 1 : Integer.parseInt(value));
          case "expire-cursor" ->
              b.setExpireCursorSeconds(value == null ? 0 : Integer.parseInt(value));
          case "job-failed" -> b.setJobFailedShare(share(value, 1.0));
          case "job-expired" -> b.setJobExpired(true);
          case "changing" -> b.setChanging(true);
          case "resegment" -> b.setResegment(true);
          case "fail-window" -> b.setFailWindow(Interval.parse(value));
          case "fail-page-once" -> b.setFailPageOnce(Integer.parseInt(value));
          case "seed" -> b.setSeed(Long.parseLong(value));
          default ->
              throw new IllegalArgumentException(
                  "Unknown fault '" + name + "'; known: 429, retry-after, 5xx, storm, slow, reset,"
                      + " truncate, drop-page, expire-cursor, job-failed, job-expired, changing,"
                      + " resegment, fail-window, fail-page-once, seed");
        }
      } catch (RuntimeException e) {
        if (e instanceof IllegalArgumentException && e.getMessage().startsWith("Unknown fault")) {
          throw e;
        }
        throw new IllegalArgumentException(
            "Bad value for fault '" + name + "': " + value + " (" + e.getMessage() + ")", e);
      }
    }
    return b.build();
  }

  private static double share(String value, double dflt) {
    double v = value == null ? dflt : Double.parseDouble(value);
    if (v < 0 || v > 1) {
      throw new IllegalArgumentException("share must be within [0, 1], got " + v);
    }
    return v;
  }

  /** Builder. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setTooManyRequestsShare(double value);

    public abstract Builder setRetryAfterSeconds(int value);

    public abstract Builder setServerErrorShare(double value);

    public abstract Builder setStorm(boolean value);

    public abstract Builder setSlowMs(int value);

    public abstract Builder setResetShare(double value);

    public abstract Builder setTruncate(boolean value);

    public abstract Builder setDropPage(int value);

    public abstract Builder setExpireCursorSeconds(int value);

    public abstract Builder setJobFailedShare(double value);

    public abstract Builder setJobExpired(boolean value);

    public abstract Builder setChanging(boolean value);

    public abstract Builder setResegment(boolean value);

    public abstract Builder setFailWindow(@Nullable Interval value);

    public abstract Builder setFailPageOnce(int value);

    public abstract Builder setSeed(long value);

    public abstract Faults build();
  }
}
