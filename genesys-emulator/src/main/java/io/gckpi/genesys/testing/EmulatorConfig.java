package io.gckpi.genesys.testing;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.time.LocalDate;

/**
 * What the synthetic org looks like. Everything the generator does derives from {@link #seed()},
 * so one configuration always yields byte-identical data.
 */
@AutoValue
public abstract class EmulatorConfig implements Serializable {
  public abstract long seed();

  public abstract LocalDate startDate();

  public abstract int days();

  public abstract int conversationsPerDay();

  /** Share of conversations still open at the end of the generated days (no conversationEnd). */
  public abstract double openShare();

  /** Share whose first fetch returns an open version and later fetches the closed one. */
  public abstract double closesLateShare();

  /** Share of deliberately broken records; each carries expectedMalformedReason in its truth. */
  public abstract double malformedShare();

  /** Share whose segment arrays are shuffled, since consumers must never trust array order. */
  public abstract double shuffleShare();

  /** Share carrying unknown fields and an unknown enum value, as Genesys adds them over time. */
  public abstract double unknownFieldShare();

  /**
   * Share of records without session metrics, as older Genesys records come; the aggregates API
   * counts them all the same.
   */
  public abstract double withoutMetricsShare();

  public static EmulatorConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new AutoValue_EmulatorConfig.Builder()
        .setSeed(42L)
        .setStartDate(LocalDate.of(2024, 1, 15))
        .setDays(1)
        .setConversationsPerDay(2000)
        .setOpenShare(0.01)
        .setClosesLateShare(0.02)
        .setMalformedShare(0.01)
        .setShuffleShare(0.05)
        .setUnknownFieldShare(0.02)
        .setWithoutMetricsShare(0.1);
  }

  public abstract Builder toBuilder();

  public EmulatorConfig withSeed(long seed) {
    return toBuilder().setSeed(seed).build();
  }

  public EmulatorConfig withConversationsPerDay(int n) {
    return toBuilder().setConversationsPerDay(n).build();
  }

  public EmulatorConfig withDays(int days) {
    return toBuilder().setDays(days).build();
  }

  /** Builder; {@link #build()} rejects settings that cannot describe an org. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSeed(long value);

    public abstract Builder setStartDate(LocalDate value);

    public abstract Builder setDays(int value);

    public abstract Builder setConversationsPerDay(int value);

    public abstract Builder setOpenShare(double value);

    public abstract Builder setClosesLateShare(double value);

    public abstract Builder setMalformedShare(double value);

    public abstract Builder setShuffleShare(double value);

    public abstract Builder setUnknownFieldShare(double value);

    public abstract Builder setWithoutMetricsShare(double value);

    abstract EmulatorConfig autoBuild();

    public EmulatorConfig build() {
      EmulatorConfig c = autoBuild();
      if (c.days() < 1) {
        throw new IllegalArgumentException("days must be >= 1, got " + c.days());
      }
      if (c.conversationsPerDay() < 0) {
        throw new IllegalArgumentException(
            "conversationsPerDay must be >= 0, got " + c.conversationsPerDay());
      }
      double shares = c.openShare() + c.closesLateShare() + c.malformedShare();
      if (c.openShare() < 0 || c.closesLateShare() < 0 || c.malformedShare() < 0 || shares > 1) {
        throw new IllegalArgumentException(
            "openShare, closesLateShare and malformedShare must be >= 0 and sum to <= 1, got "
                + shares);
      }
      return c;
    }
  }
}
