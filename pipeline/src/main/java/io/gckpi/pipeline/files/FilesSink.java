package io.gckpi.pipeline.files;

import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.RunTables;
import io.gckpi.pipeline.tables.TableReader;
import io.gckpi.pipeline.tables.TableSink;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Writes each table as {@code <output>/<table>.csv} with a header row: the embedded default, for a
 * first run, a laptop, or a hand-off to another tool. There is no ledger to consult, so every
 * window of the interval is read on every run; the files are replaced whole.
 */
public final class FilesSink implements TableSink {
  private final String output;

  public FilesSink(String output) {
    this.output = output;
  }

  @Override
  public void prepare() {}

  @Override
  public Set<String> completeWindowIds(Interval range) {
    return Set.of();
  }

  @Override
  public boolean hasLedger() {
    return false;
  }

  @Override
  public void write(RunTables tables) {
    List<KpiTable> inFiles = tables.all().stream().filter(KpiTable::inFiles).toList();
    if (inFiles.isEmpty()) {
      return;
    }
    WriteCsv.inputOf(inFiles.get(0).pipeline(), inFiles)
        .apply("WriteCsv", WriteCsv.to(output, inFiles));
  }

  @Override
  public TableReader reader() {
    return output.contains("://") ? null : CsvTableReader.of(Path.of(output));
  }

  @Override
  public String describe() {
    return "CSV files in " + output;
  }
}
