package io.gckpi.transforms;

import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * kpi_daily components per (report date, queue, media) and AHT per (hour, skill), summed over
 * closed interactions: an open conversation stays out of daily KPIs until it closes. Only sums
 * and counts are produced, so the result over any split of the input sums to the result over the
 * whole.
 */
public class AggregateKpis extends PTransform<PCollection<InteractionKpis>, AggregateKpis.Result> {
  private static final TupleTag<KpiDailyComponents> DAILY = new TupleTag<KpiDailyComponents>() {};
  private static final TupleTag<AhtBySkillHourly> AHT = new TupleTag<AhtBySkillHourly>() {};

  public static AggregateKpis create() {
    return new AggregateKpis();
  }

  @Override
  public Result expand(PCollection<InteractionKpis> interactions) {
    PCollection<InteractionKpis> closed =
        interactions.apply(
            "ClosedOnly", Filter.by(k -> k.getStatus().equals(InteractionTimeline.CLOSED)));
    PCollection<KpiDailyComponents> daily =
        closed
            .apply(
                "DailyComponents",
                MapElements.into(TypeDescriptor.of(KpiDailyComponents.class))
                    .via(KpiDailyComponents::of))
            .apply("ByDay", WithKeys.of(KpiDailyComponents::key).withKeyType(TypeDescriptors.strings()))
            .apply("SumDaily", Combine.perKey(KpiDailyComponents::plus))
            .apply("Daily", Values.create());
    PCollection<AhtBySkillHourly> aht =
        closed
            .apply(
                "SkillHours",
                FlatMapElements.into(TypeDescriptor.of(AhtBySkillHourly.class))
                    .via(AhtBySkillHourly::of))
            .apply("BySkillHour", WithKeys.of(AhtBySkillHourly::key).withKeyType(TypeDescriptors.strings()))
            .apply("SumSkillHours", Combine.perKey(AhtBySkillHourly::plus))
            .apply("SkillHourly", Values.create());
    return new Result(PCollectionTuple.of(DAILY, daily).and(AHT, aht));
  }

  /** The two aggregate tables. */
  public static class Result extends TaggedResult {
    Result(PCollectionTuple tuple) {
      super(tuple);
    }

    public PCollection<KpiDailyComponents> getKpiDaily() {
      return get(DAILY);
    }

    public PCollection<AhtBySkillHourly> getAhtBySkillHourly() {
      return get(AHT);
    }
  }
}
