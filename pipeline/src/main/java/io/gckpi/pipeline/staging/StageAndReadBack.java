package io.gckpi.pipeline.staging;

import io.gckpi.genesys.RawConversation;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes every extracted conversation to staging, one file per window, and reads the files back
 * once they are complete: the per-destination file names are only emitted after the files are
 * finalized, so nothing downstream can see a half-written window. What the tables say is then
 * always what {@code --source=raw} would recompute from staging, and the files come back in a
 * few large bundles where the read's per-conversation combine hands on one conversation at a
 * time.
 */
public final class StageAndReadBack
    extends PTransform<PCollection<RawConversation>, PCollection<String>> {
  private final String staging;

  private StageAndReadBack(String staging) {
    this.staging = staging;
  }

  /** Stages under {@code staging} (a directory or a Beam file system URI). */
  public static StageAndReadBack to(String staging) {
    return new StageAndReadBack(staging);
  }

  @Override
  public PCollection<String> expand(PCollection<RawConversation> extracted) {
    WriteFilesResult<String> staged =
        extracted
            .apply(
                "KeyByWindow",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via((RawConversation c) -> KV.of(c.getWindowId(), c.getRawJson())))
            .apply("StageRaw", StageRawConversations.to(staging));
    return staged
        .getPerDestinationOutputFilenames()
        .apply("StagedFiles", Values.create())
        .apply("MatchStaged", FileIO.matchAll())
        .apply("OpenStaged", FileIO.readMatches())
        .apply("ReadStaged", TextIO.readFiles());
  }
}
