package io.gckpi.pipeline;

import io.gckpi.genesys.KeepMostCompleteRaw;
import io.gckpi.genesys.RawConversation;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

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
 */
final class KeepMostComplete
    extends PTransform<PCollection<String>, PCollection<RawConversation>> {
  static KeepMostComplete create() {
    return new KeepMostComplete();
  }

  @Override
  public PCollection<RawConversation> expand(PCollection<String> records) {
    return records
        .apply("Keys", MapElements.into(TypeDescriptor.of(RawConversation.class))
            .via(RawConversation::ofText))
        .apply("MostCompleteCopies",
            KeepMostCompleteRaw.create()
                .countingDroppedAs(RunSummary.NAMESPACE, RunCounters.DUPLICATES));
  }
}
