package io.gckpi.genesys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record per conversation: the most complete copy (closed over open, then the later
 * conversationEnd), and of equally complete copies the one fetched last (Genesys amends closed
 * conversations, a wrap-up code or a reprocessed segment, so the later fetch shows the newer
 * state), then the earliest window and the raw text so that the pick is a total order. Copies
 * meet when a record's start is unreadable (it comes back from every window its lifetime
 * overlaps) or the API returns a conversation twice (two parts of a day, or a page that shifted
 * between two reads). A record without an id is keyed by its content, so identical copies still
 * collapse while different broken records stay apart.
 *
 * <p>A combine rather than a grouping: "the better of two copies" is associative, so a runner
 * lifts it before the shuffle and only one copy per conversation and worker crosses the network.
 * It is keyed by shard, not by conversation ({@link BestCopyPerId}): copies share their start
 * (or, unreadable, the start of a window of the same day), so they meet in the shard of (UTC day
 * of start, hash of identity).
 *
 * <p>The read de-duplicates its pages with it, and a job reading staged or exported records
 * ({@link RawConversation#ofText}) its input, before anything parses them: a record is typed once,
 * after its copies are gone. There, {@link #countingDroppedAs} counts the copies it drops, so that
 * what was read still adds up.
 */
public final class KeepMostCompleteRaw
    extends PTransform<PCollection<RawConversation>, PCollection<RawConversation>> {
  /** Closed over open, then the later conversationEnd. */
  static final Comparator<RawConversation> BY_END =
      Comparator.comparing((RawConversation r) -> r.getConversationEndMs() != null)
          .thenComparing(r -> r.getConversationEndMs() == null ? Long.MIN_VALUE
              : r.getConversationEndMs());

  static final Comparator<RawConversation> COMPLETENESS =
      BY_END
          .thenComparingLong(RawConversation::getExtractedAtMs)
          .thenComparing(RawConversation::getWindowId, Comparator.reverseOrder())
          .thenComparing(RawConversation::getRawJson);

  private final @Nullable String droppedNamespace;
  private final @Nullable String droppedName;

  private final int shardsPerDay;

  private KeepMostCompleteRaw(
      @Nullable String droppedNamespace, @Nullable String droppedName, int shardsPerDay) {
    this.droppedNamespace = droppedNamespace;
    this.droppedName = droppedName;
    this.shardsPerDay = shardsPerDay;
  }

  public static KeepMostCompleteRaw create() {
    return new KeepMostCompleteRaw(null, null, BestCopyPerId.SHARDS_PER_DAY);
  }

  /** The same, counting every copy it drops in the counter {@code namespace}/{@code name}. */
  public KeepMostCompleteRaw countingDroppedAs(String namespace, String name) {
    return new KeepMostCompleteRaw(namespace, name, shardsPerDay);
  }

  /**
   * The same, with {@code shards} shards a UTC day ({@value BestCopyPerId#SHARDS_PER_DAY} by
   * default): a shard's records are in memory together while it is emitted, so a day much larger
   * than the default's size wants more.
   */
  public KeepMostCompleteRaw withShardsPerDay(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards per day must be positive; got " + shards);
    }
    return new KeepMostCompleteRaw(droppedNamespace, droppedName, shards);
  }

  /** The shards of a UTC day copies are kept in. */
  public int getShardsPerDay() {
    return shardsPerDay;
  }

  @Override
  public PCollection<RawConversation> expand(PCollection<RawConversation> records) {
    int shards = shardsPerDay;
    return records
        .apply(
            "ByShard",
            WithKeys.of((RawConversation record) -> shardOf(record, shards))
                .withKeyType(TypeDescriptors.strings()))
        .apply(
            "MostCompleteCopies",
            Combine.perKey(
                BestCopyPerId.of(KeepMostCompleteRaw::identity, KeepMostCompleteRaw::moreComplete)))
        .apply("EachRecord", ParDo.of(new EachKeptFn(droppedNamespace, droppedName)))
        .setCoder(records.getCoder());
  }

  /** (UTC day of start, hash of {@link #identity}). */
  static String shardOf(RawConversation record, int shardsPerDay) {
    return BestCopyPerId.shardOf(record.getConversationStartMs(), identity(record), shardsPerDay);
  }

  /** Keys each record by {@link #identity}. */
  static WithKeys<String, RawConversation> byConversation() {
    return WithKeys.of(KeepMostCompleteRaw::identity).withKeyType(TypeDescriptors.strings());
  }

  static String identity(RawConversation record) {
    if (!record.getConversationId().isEmpty()) {
      return record.getConversationId();
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(record.getRawJson().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The more complete of two copies; a total order, so the pick never depends on the order. */
  static RawConversation moreComplete(RawConversation left, RawConversation right) {
    return COMPLETENESS.compare(right, left) > 0 ? right : left;
  }

  /** Each shard's kept copies, in identity order so that runs emit alike; counts the dropped. */
  private static class EachKeptFn
      extends DoFn<KV<String, Map<String, KV<RawConversation, Long>>>, RawConversation> {
    private final @Nullable Counter dropped;

    EachKeptFn(@Nullable String namespace, @Nullable String name) {
      this.dropped = name == null ? null : Metrics.counter(namespace, name);
    }

    @ProcessElement
    public void process(
        @Element KV<String, Map<String, KV<RawConversation, Long>>> shard,
        OutputReceiver<RawConversation> out) {
      for (KV<RawConversation, Long> kept : new TreeMap<>(shard.getValue()).values()) {
        if (dropped != null && kept.getValue() > 1) {
          dropped.inc(kept.getValue() - 1);
        }
        out.output(kept.getKey());
      }
    }
  }
}
