package io.gckpi.pipeline.dimensions;

import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;

/**
 * The columns of every dimension table ({@code queues}, {@code wrapup_codes}, {@code skills},
 * {@code users}), Genesys' fields as the listings carry them: {@code id} (the key), {@code name},
 * {@code division_id}, {@code division_name}, {@code state} and {@code date_modified}; a field an
 * entity does not carry is null (Genesys lists no state for queues and wrap-up codes, and no
 * dateModified for users).
 */
public final class DimensionRows {
  public static final String KEY = "id";

  public static final Schema SCHEMA =
      Schema.builder()
          .addStringField(KEY)
          .addNullableField("name", FieldType.STRING)
          .addNullableField("divisionId", FieldType.STRING)
          .addNullableField("divisionName", FieldType.STRING)
          .addNullableField("state", FieldType.STRING)
          .addNullableField("dateModified", FieldType.DATETIME)
          .build();

  private DimensionRows() {}

  public static Row row(ReferenceEntity entity) {
    return Row.withSchema(SCHEMA)
        .addValues(
            entity.id(),
            entity.name(),
            entity.divisionId(),
            entity.divisionName(),
            entity.state(),
            entity.dateModified() == null
                ? null
                : new org.joda.time.Instant(entity.dateModified().toEpochMilli()))
        .build();
  }

  public static List<Row> rows(List<ReferenceEntity> entities) {
    return entities.stream().map(DimensionRows::row).toList();
  }
}
