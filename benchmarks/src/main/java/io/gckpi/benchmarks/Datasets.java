package io.gckpi.benchmarks;

import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.SyntheticDataset;
import java.nio.file.Path;

/** Generated conversations as NDJSON, one Genesys conversation object a line, written once. */
final class Datasets {
  private Datasets() {}

  static Path write(Path dir, int conversations, long seed) {
    Path file = dir.resolve("conversations-" + conversations + "-" + seed + ".ndjson");
    if (!file.toFile().exists()) {
      SyntheticDataset.generate(
              EmulatorConfig.defaults().withSeed(seed).withConversationsPerDay(conversations))
          .writeConversations(file);
    }
    return file;
  }
}
