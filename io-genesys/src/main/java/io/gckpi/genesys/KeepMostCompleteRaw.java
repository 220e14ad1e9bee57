package io.gckpi.genesys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * One record per conversation: the most complete copy (closed over open, then the later
 * conversationEnd, then the earliest window). Copies meet when a record's start is unreadable (it
 * comes back from every window its lifetime overlaps) or an API returns a conversation twice. A
 * record without an id is keyed by its content, so identical copies still collapse while
 * different broken records stay apart.
 *
 * <p>A combine per conversation rather than a grouping: "the better of two copies" is
 * associative, so a runner lifts it before the shuffle and only one copy per conversation and
 * worker crosses the network.
 */
final class KeepMostCompleteRaw
    extends PTransform<PCollection<RawConversation>, PCollection<RawConversation>> {
  /** Closed over open, then the later conversationEnd. */
  static final Comparator<RawConversation> BY_END =
      Comparator.comparing((RawConversation r) -> r.getConversationEndMs() != null)
          .thenComparing(r -> r.getConversationEndMs() == null ? Long.MIN_VALUE
              : r.getConversationEndMs());

  static final Comparator<RawConversation> COMPLETENESS =
      BY_END
          .thenComparing(RawConversation::getWindowId, Comparator.reverseOrder())
          .thenComparing(RawConversation::getRawJson);

  static KeepMostCompleteRaw create() {
    return new KeepMostCompleteRaw();
  }

  @Override
  public PCollection<RawConversation> expand(PCollection<RawConversation> records) {
    return records
        .apply("ByConversation", byConversation())
        .apply("MostCompleteCopy", Combine.perKey(new MoreCompleteFn()))
        .apply("Records", Values.create())
        .setCoder(records.getCoder());
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
  private static class MoreCompleteFn extends Combine.BinaryCombineFn<RawConversation> {
    @Override
    public RawConversation apply(RawConversation left, RawConversation right) {
      return COMPLETENESS.compare(right, left) > 0 ? right : left;
    }
  }
}
