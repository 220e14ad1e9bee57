package io.gckpi.pipeline.dimensions;

import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.KpiTable.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The dimension tables of a run, declared once for every sink: {@code queues}, {@code
 * wrapup_codes}, {@code skills} and {@code users}, each keyed by id and upserted, so a run
 * refreshes every entity it read and leaves the rows of entities Genesys no longer lists as they
 * were (old conversations stay named); and the names by id the KPI transforms and reports read.
 *
 * <p>The rows and names come from the snapshot the launcher read once ({@link Dimensions}),
 * embedded in the graph: workers never call the reference APIs. The names travel with the steps
 * that read them rather than as a side input: they are known before the pipeline exists, and a
 * side input that is not ready yet makes the DirectRunner set its readers' input aside and try
 * again, a bundle at a time, for as long as it takes.
 */
public final class DimensionTables {
  public static final String QUEUES = "queues";
  public static final String WRAPUP_CODES = "wrapup_codes";
  public static final String SKILLS = "skills";
  public static final String USERS = "users";

  /** The tables and the names of queues, wrap-up codes and skills by id. */
  public record Result(List<KpiTable> tables, Map<String, String> names) {}

  private DimensionTables() {}

  public static Result build(Pipeline pipeline, Dimensions dimensions) {
    PCollection<Row> queues = rows(pipeline, QUEUES, dimensions.data().queues());
    PCollection<Row> codes = rows(pipeline, WRAPUP_CODES, dimensions.data().wrapUpCodes());
    PCollection<Row> skills = rows(pipeline, SKILLS, dimensions.data().skills());
    PCollection<Row> users = rows(pipeline, USERS, dimensions.data().users());
    List<KpiTable> tables = new ArrayList<>();
    tables.add(table(QUEUES, queues));
    tables.add(table(WRAPUP_CODES, codes));
    tables.add(table(SKILLS, skills));
    tables.add(table(USERS, users));
    return new Result(tables, dimensions.namesById());
  }

  private static PCollection<Row> rows(
      Pipeline pipeline, String table, List<ReferenceEntity> entities) {
    return pipeline.apply(
        "Dimension " + table,
        Create.of(DimensionRows.rows(entities)).withRowSchema(DimensionRows.SCHEMA));
  }

  private static KpiTable table(String name, PCollection<Row> rows) {
    return new KpiTable(name, rows, List.of(DimensionRows.KEY), Kind.DIMENSION);
  }
}
