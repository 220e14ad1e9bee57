package io.gckpi.pipeline.staging;

import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes every extracted conversation, as the API returned it, to the staging location before any
 * transform reads it: one gzip NDJSON file per extraction window, named after the window, so that
 * {@code --source=raw} can recompute every table without the API and a re-extracted window
 * replaces its own file. The location is anything Beam's FileSystems reach (local, gs://, s3://).
 *
 * <p>Input: (window id, raw conversation JSON).
 */
public class StageRawConversations
    extends PTransform<PCollection<KV<String, String>>, WriteFilesResult<String>> {
  public static final String SUFFIX = ".ndjson.gz";
  private final String location;

  private StageRawConversations(String location) {
    this.location = location;
  }

  public static StageRawConversations to(String location) {
    return new StageRawConversations(location);
  }

  /** The glob that reads back everything staged at {@code location}. */
  public static String glob(String location) {
    return (location.endsWith("/") ? location : location + "/") + "*" + SUFFIX;
  }

  /** {@code 2024-01-15T00:00:00Z/2024-01-15T01:00:00Z} -> {@code window-20240115T000000Z-...}. */
  public static String fileNameOf(String windowId) {
    return "window-" + windowId.replace("/", "-").replaceAll("[^0-9A-Za-z.-]", "");
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<KV<String, String>> input) {
    return input.apply(
        "WriteWindowFiles",
        FileIO.<String, KV<String, String>>writeDynamic()
            .by(KV::getKey)
            .withDestinationCoder(StringUtf8Coder.of())
            .via(Contextful.fn(KV::getValue), TextIO.sink())
            .to(location)
            .withNaming(window -> FileIO.Write.defaultNaming(fileNameOf(window), ".ndjson"))
            // GZIP adds the ".gz" of SUFFIX to the name.
            .withCompression(Compression.GZIP)
            .withNumShards(1));
  }
}
