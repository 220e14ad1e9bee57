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
    Map<String, KpiDailyComponents> daily = new HashMap<>();
    Map<String, AhtBySkillHourly> aht = new HashMap<>();
    long interactions = 0;
    long malformed = 0;
    long filtered = 0;
    try (BufferedReader lines = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Conversation conversation;
        try {
          conversation = ConversationJson.parse(line);
        } catch (MalformedConversationException e) {
          malformed++;
          continue;
        }
        if (TimelineValidator.check(conversation) != null) {
          malformed++;
          continue;
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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ndjson, e);
    }
    return new OutputCounts(interactions, malformed, filtered, daily.size(), aht.size());
  }
}
