package io.gckpi.pipeline;

import io.gckpi.genesys.BestCopyPerId;
import io.gckpi.genesys.KeepMostCompleteRaw;
import io.gckpi.genesys.RawConversation;
import java.io.IOException;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One record per conversation of raw input given by hand (several exports, overlapping staging
 * copies), before anything parses it: the most complete copy, closed over open, then the later
 * conversationEnd, as the read keeps ({@link KeepMostCompleteRaw}, the same combine). The tables
 * key on the conversation id, so the choice must be deterministic; of equally complete copies the
 * one whose text sorts last is kept. Every dropped copy is counted under {@value
 * RunCounters#DUPLICATES} so that read = written + malformed + duplicates still holds.
 *
 * <p>The keys a copy is compared by (id, start, end) are read from its text with the streaming
 * parser; the record is typed once, after its copies are gone, so no copy is parsed for nothing
 * and no parsed record crosses the de-duplication's shuffle (a typed conversation is some
 * hundred values to encode, its text one string).
 *
 * <p>Sized by the input ({@link #shardsPerDayFor}): a shard's records are in memory together
 * while the combine emits them, so the shards a day follow the text a day holds ({@link
 * BestCopyPerId#shardsPerDayFor}), of which the input's size is an upper bound.
 */
final class KeepMostComplete
    extends PTransform<PCollection<String>, PCollection<RawConversation>> {
  private static final Logger LOG = LoggerFactory.getLogger(KeepMostComplete.class);
  /** What a compressed NDJSON file holds of text, about, per byte. */
  static final int COMPRESSION_RATIO = 8;

  private final int shardsPerDay;

  private KeepMostComplete(int shardsPerDay) {
    this.shardsPerDay = shardsPerDay;
  }

  static KeepMostComplete create() {
    return new KeepMostComplete(BestCopyPerId.SHARDS_PER_DAY);
  }

  /** The same with {@code shards} shards a UTC day. */
  KeepMostComplete withShardsPerDay(int shards) {
    return new KeepMostComplete(shards);
  }

  /**
   * The shards a day for the records the files of {@code glob} hold ({@link
   * BestCopyPerId#shardsPerDayFor} of their {@link #textBytes}); the default when the files
   * cannot be listed now (the read then says why).
   */
  static int shardsPerDayFor(String glob) {
    try {
      return BestCopyPerId.shardsPerDayFor(textBytes(glob));
    } catch (IOException e) {
      LOG.debug("Cannot size {}; de-duplicating in {} shards a day", glob,
          BestCopyPerId.SHARDS_PER_DAY, e);
      return BestCopyPerId.SHARDS_PER_DAY;
    }
  }

  /**
   * The text the files of {@code glob} hold: their sizes, {@value #COMPRESSION_RATIO}x for a file
   * the read decompresses (its {@link Compression#AUTO} knows it by its name).
   */
  static long textBytes(String glob) throws IOException {
    long bytes = 0;
    for (MatchResult.Metadata file : FileSystems.match(glob).metadata()) {
      String name = String.valueOf(file.resourceId().getFilename());
      boolean compressed = Compression.detect(name) != Compression.UNCOMPRESSED;
      bytes += file.sizeBytes() * (compressed ? COMPRESSION_RATIO : 1);
    }
    return bytes;
  }

  @Override
  public PCollection<RawConversation> expand(PCollection<String> records) {
    return records
        .apply("Keys", MapElements.into(TypeDescriptor.of(RawConversation.class))
            .via(RawConversation::ofText))
        .apply("MostCompleteCopies",
            KeepMostCompleteRaw.create()
                .withShardsPerDay(shardsPerDay)
                .countingDroppedAs(RunSummary.NAMESPACE, RunCounters.DUPLICATES));
  }
}
