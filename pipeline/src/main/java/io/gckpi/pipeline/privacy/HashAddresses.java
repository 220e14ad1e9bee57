package io.gckpi.pipeline.privacy;

import io.gckpi.genesys.RawConversation;
import io.gckpi.genesys.model.Conversation;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code --hashAddresses}: the records with their addresses replaced by a keyed hash ({@link
 * AddressHasher}), applied where records first enter the job: to the raw JSON the API returned,
 * before it is staged ({@link #inRawRecords}), so that no staging file and no table holds a phone
 * number; and to the parsed records of a run that reads no API ({@code --source=raw}, whose files
 * may predate the flag) or stages nothing (streaming), before any table is built ({@link
 * #inParsedRecords}).
 */
public final class HashAddresses<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final AddressHasher hasher;
  private final SerializableBiFunction<AddressHasher, T, T> rewrite;

  private HashAddresses(AddressHasher hasher, SerializableBiFunction<AddressHasher, T, T> rewrite) {
    this.hasher = hasher;
    this.rewrite = rewrite;
  }

  /** The raw records as the API returned them, their JSON rewritten with the addresses hashed. */
  public static HashAddresses<RawConversation> inRawRecords(AddressHasher hasher) {
    return new HashAddresses<>(
        hasher,
        (h, raw) ->
            RawConversation.create(
                raw.getConversationId(),
                h.hashJson(raw.getRawJson()),
                raw.getWindowId(),
                raw.getConversationStartMs(),
                raw.getConversationEndMs(),
                raw.getExtractedAtMs()));
  }

  /** Parsed records, their participant names, ani and dnis hashed. */
  public static HashAddresses<Conversation> inParsedRecords(AddressHasher hasher) {
    return new HashAddresses<>(hasher, AddressHasher::hashConversation);
  }

  @Override
  public PCollection<T> expand(PCollection<T> records) {
    return records
        .apply("Hash", ParDo.of(new HashFn<>(hasher, rewrite)))
        .setCoder(records.getCoder());
  }

  private static class HashFn<T> extends DoFn<T, T> {
    private final AddressHasher hasher;
    private final SerializableBiFunction<AddressHasher, T, T> rewrite;

    HashFn(AddressHasher hasher, SerializableBiFunction<AddressHasher, T, T> rewrite) {
      this.hasher = hasher;
      this.rewrite = rewrite;
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<T> out) {
      out.output(rewrite.apply(hasher, record));
    }
  }
}
