package io.gckpi.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.CombineFnTester;
import org.junit.Test;

public class SumsByKeyTest {
  /** Any split of the inputs into accumulators, merged in any order, gives the same sums. */
  @Test
  public void sumsPerKeyWhateverTheSplitOfTheInput() {
    List<FilteredCount> counts =
        new ArrayList<>(List.of(
            FilteredCount.create("w1", "NO_AGENT", 1),
            FilteredCount.create("w1", "NO_AGENT", 2),
            FilteredCount.create("w2", "NO_AGENT", 4),
            FilteredCount.create("w1", "INTERNAL_QUEUE", 8),
            FilteredCount.create("w2", "NO_AGENT", 16)));
    // Worked by hand: w1/NO_AGENT 1 + 2, w2/NO_AGENT 4 + 16, w1/INTERNAL_QUEUE 8.
    CombineFnTester.testCombineFn(
        SumsByKey.of(FilteredCount::key, FilteredCount::plus),
        counts,
        Map.of(
            "w1\u0001NO_AGENT", FilteredCount.create("w1", "NO_AGENT", 3),
            "w2\u0001NO_AGENT", FilteredCount.create("w2", "NO_AGENT", 20),
            "w1\u0001INTERNAL_QUEUE", FilteredCount.create("w1", "INTERNAL_QUEUE", 8)));
  }
}
