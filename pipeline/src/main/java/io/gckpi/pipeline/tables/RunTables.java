package io.gckpi.pipeline.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The tables of a run as the output of a composite transform: the graph builders return one, a
 * {@link TableSink} writes it. It is a {@link POutput} so that the transforms producing tables
 * are ordinary composites with stable step names, not static helpers applying steps to a
 * pipeline.
 *
 * <p>Beside the tables, the scopes the run read through ({@link #scopes()}): for each field a
 * table is replaced per ({@link KpiTable#replacedPer()}), the values of it the run read, which a
 * sink deletes before it writes the run's rows ({@code ledger.ReplacementScopes} makes them).
 */
public final class RunTables implements POutput {
  private final Pipeline pipeline;
  private final List<KpiTable> tables;
  private final Map<String, PCollection<String>> scopes;

  private RunTables(
      Pipeline pipeline, List<KpiTable> tables, Map<String, PCollection<String>> scopes) {
    this.pipeline = pipeline;
    this.tables = List.copyOf(tables);
    this.scopes = Map.copyOf(scopes);
  }

  public static RunTables of(Pipeline pipeline, List<KpiTable> tables) {
    return new RunTables(pipeline, tables, Map.of());
  }

  /** These tables and {@code more}, in order. */
  public RunTables and(List<KpiTable> more) {
    List<KpiTable> all = new ArrayList<>(tables);
    all.addAll(more);
    return new RunTables(pipeline, all, scopes);
  }

  /** These tables and scopes and {@code more}'s. */
  public RunTables and(RunTables more) {
    Map<String, PCollection<String>> allScopes = new LinkedHashMap<>(scopes);
    more.scopes.forEach((field, values) -> {
      if (allScopes.putIfAbsent(field, values) != null) {
        throw new IllegalArgumentException("two scopes of " + field);
      }
    });
    return new RunTables(pipeline, tables, allScopes).and(more.tables);
  }

  /** These tables, with {@code values} as the values of {@code field} the run read. */
  public RunTables withScope(String field, PCollection<String> values) {
    Map<String, PCollection<String>> allScopes = new LinkedHashMap<>(scopes);
    allScopes.put(field, values);
    return new RunTables(pipeline, tables, allScopes);
  }

  /** These tables, each as {@code change} makes it. */
  public RunTables map(UnaryOperator<KpiTable> change) {
    return new RunTables(pipeline, tables.stream().map(change).toList(), scopes);
  }

  public List<KpiTable> all() {
    return tables;
  }

  /** The table called {@code name}, if the run has one. */
  public Optional<KpiTable> named(String name) {
    return tables.stream().filter(table -> table.name().equals(name)).findFirst();
  }

  /** The values the run read of each field its tables are replaced per, where it knows them. */
  public Map<String, PCollection<String>> scopes() {
    return scopes;
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
    scopes.forEach((field, read) -> values.put(new TupleTag<>("scope " + field), read));
    return values;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
