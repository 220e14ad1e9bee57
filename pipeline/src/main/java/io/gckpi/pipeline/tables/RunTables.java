package io.gckpi.pipeline.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The tables of a run as the output of a composite transform: the graph builders return one, a
 * {@link TableSink} writes it. It is a {@link POutput} so that the transforms producing tables
 * are ordinary composites with stable step names, not static helpers applying steps to a
 * pipeline.
 */
public final class RunTables implements POutput {
  private final Pipeline pipeline;
  private final List<KpiTable> tables;

  private RunTables(Pipeline pipeline, List<KpiTable> tables) {
    this.pipeline = pipeline;
    this.tables = List.copyOf(tables);
  }

  public static RunTables of(Pipeline pipeline, List<KpiTable> tables) {
    return new RunTables(pipeline, tables);
  }

  /** These tables and {@code more}, in order. */
  public RunTables and(List<KpiTable> more) {
    List<KpiTable> all = new ArrayList<>(tables);
    all.addAll(more);
    return new RunTables(pipeline, all);
  }

  public List<KpiTable> all() {
    return tables;
  }

  /** The table called {@code name}, if the run has one. */
  public Optional<KpiTable> named(String name) {
    return tables.stream().filter(table -> table.name().equals(name)).findFirst();
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> values = new LinkedHashMap<>();
    for (KpiTable table : tables) {
      // A streamed table is its stream here: asking for its rows would split the stream.
      table.stream().ifPresentOrElse(
          stream -> values.putIfAbsent(new TupleTag<>(stream.name()), stream.rows()),
          () -> values.put(new TupleTag<>(table.name()), table.rows()));
    }
    return values;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
