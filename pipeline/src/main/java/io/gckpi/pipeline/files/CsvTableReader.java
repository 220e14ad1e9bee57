package io.gckpi.pipeline.files;

import io.gckpi.pipeline.tables.TableReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads back the tables the files sink wrote: one {@code <table>.csv} per table. */
public final class CsvTableReader {
  private CsvTableReader() {}

  /** Tables written by the files sink into {@code directory}. */
  public static TableReader of(Path directory) {
    return table -> {
      try {
        return CsvRows.parse(
            Files.readString(directory.resolve(table + ".csv"), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

}
