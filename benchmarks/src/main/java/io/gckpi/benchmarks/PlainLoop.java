package io.gckpi.benchmarks;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.MalformedConversationException;
import io.gckpi.transforms.AhtBySkillHourly;
import io.gckpi.transforms.InteractionFilter;
import io.gckpi.transforms.InteractionKpis;
import io.gckpi.transforms.InteractionTimeline;
import io.gckpi.transforms.KpiCalculator;
import io.gckpi.transforms.KpiDailyComponents;
import io.gckpi.transforms.KpiSpec;
import io.gckpi.transforms.TimelineBuilder;
import io.gckpi.transforms.TimelineValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The floor every runner is measured against: one thread, no Beam, the same classes
 * {@code ParseConversations} and {@code ComputeKpis} apply, in the same order (parse, validate,
 * build the timeline, filter, per-interaction KPIs, then the daily and per-skill sums of closed
 * interactions).
 */
final class PlainLoop {
  private PlainLoop() {}

  static OutputCounts run(Path ndjson, KpiSpec spec) {
    return run(ndjson, spec, k -> {});
  }

  /** Runs the chain over every line of {@code ndjson}; {@code each} sees every interaction. */
  static OutputCounts run(Path ndjson, KpiSpec spec, Consumer<InteractionKpis> each) {
    Chain chain = new Chain(spec, each);
    try (BufferedReader lines = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        try {
          chain.accept(ConversationJson.parse(line));
        } catch (MalformedConversationException e) {
          chain.malformed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ndjson, e);
    }
    return chain.counts();
  }

  /** The chain after the parse, one conversation at a time, with its counts and sums. */
  static final class Chain implements Consumer<Conversation> {
    private final KpiSpec spec;
    private final Consumer<InteractionKpis> each;
    private final Map<String, KpiDailyComponents> daily = new HashMap<>();
    private final Map<String, AhtBySkillHourly> aht = new HashMap<>();
    private long interactions;
    long malformed;
    private long filtered;

    Chain(KpiSpec spec, Consumer<InteractionKpis> each) {
      this.spec = spec;
      this.each = each;
    }

    @Override
    public void accept(Conversation conversation) {
      if (TimelineValidator.check(conversation) != null) {
        malformed++;
        return;
      }
      InteractionTimeline timeline = TimelineBuilder.build(conversation, spec);
      String excluded = InteractionFilter.exclusion(timeline, spec, Map.of());
      filtered += excluded == null ? 0 : 1;
      InteractionKpis kpis =
          KpiCalculator.compute(timeline.toBuilder().setExcludedReason(excluded).build(), spec);
      interactions++;
      each.accept(kpis);
      if (kpis.getStatus().equals(InteractionTimeline.CLOSED)) {
        KpiDailyComponents components = KpiDailyComponents.of(kpis);
        if (components != null) {
          daily.merge(components.dayKey(), components, KpiDailyComponents::plus);
        }
        for (AhtBySkillHourly skillHour : AhtBySkillHourly.of(kpis)) {
          aht.merge(skillHour.hourKey(), skillHour, AhtBySkillHourly::plus);
        }
      }
    }

    Map<String, KpiDailyComponents> daily() {
      return daily;
    }

    Map<String, AhtBySkillHourly> ahtBySkillHourly() {
      return aht;
    }

    OutputCounts counts() {
      return new OutputCounts(interactions, malformed, filtered, daily.size(), aht.size());
    }
  }
}
