package io.gckpi.pipeline.dimensions;

import java.util.Map;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Min;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The one side input of names the KPI transforms and reports read: id to name over the dimension
 * rows given (queues, wrap-up codes, skills) and any names of unknown kind. Ids are Genesys'
 * UUIDs, unique across kinds; should two rows still share an id, the view keeps the smaller name
 * rather than fail, so the side input is the same however the rows arrive.
 */
public final class NamesById
    extends PTransform<PCollectionList<Row>, PCollectionView<Map<String, String>>> {
  private final PCollection<KV<String, String>> namesOfUnknownKind;

  private NamesById(PCollection<KV<String, String>> namesOfUnknownKind) {
    this.namesOfUnknownKind = namesOfUnknownKind;
  }

  public static NamesById with(PCollection<KV<String, String>> namesOfUnknownKind) {
    return new NamesById(namesOfUnknownKind);
  }

  @Override
  public PCollectionView<Map<String, String>> expand(PCollectionList<Row> dimensions) {
    PCollection<KV<String, String>> named =
        dimensions
            .apply("AllDimensions", Flatten.pCollections())
            .apply("Named", Filter.by((Row row) -> row.getString("name") != null))
            .apply(
                "IdToName",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via((Row row) -> KV.of(row.getString(DimensionRows.KEY), row.getString("name"))));
    return PCollectionList.of(named)
        .and(namesOfUnknownKind)
        .apply("AllNames", Flatten.pCollections())
        .apply("OneNamePerId", Min.perKey())
        .apply("NamesView", View.asMap());
  }
}
