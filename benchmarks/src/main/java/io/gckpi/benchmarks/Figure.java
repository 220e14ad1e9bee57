package io.gckpi.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One line of the results: the median of its runs, what it is compared with, the target printed
 * next to it and whether it is met. Targets are stated, not tuned for: a figure below its target
 * says where the code stands.
 */
final class Figure {
  final String id;
  final String name;
  String unit = "";
  final List<Double> values = new ArrayList<>();
  final List<Long> peaks = new ArrayList<>();
  final List<JsonNode> trials = new ArrayList<>();
  @Nullable Double ratio;
  String ratioText = "";
  String target = "";
  @Nullable Boolean meetsTarget;
  String note = "";
  final Map<String, Object> details = new LinkedHashMap<>();
  @Nullable String error;

  Figure(String id, String name) {
    this.id = id;
    this.name = name;
  }

  static Figure failed(String id, String name, Exception e) {
    return new Figure(id, name).fail(e);
  }

  Figure fail(Exception e) {
    error = e.getMessage() != null ? e.getMessage() : e.toString();
    return this;
  }

  /** Adds one run's value. */
  Figure add(double value) {
    values.add(value);
    return this;
  }

  /** Adds one run's value and keeps the trial's whole result, for the results file. */
  Figure add(double value, JsonNode trial) {
    trials.add(trial);
    return add(value);
  }

  /** Adds one run's value, keeps its trial, and counts the trial's peak memory as the figure's. */
  Figure addWithPeak(double value, JsonNode trial) {
    peaks.add(trial.get("peakBytes").asLong());
    return add(value, trial);
  }

  double median() {
    return Stats.median(values);
  }

  @Nullable Long peakMedian() {
    return peaks.isEmpty() ? null : Math.round(Stats.median(peaks.stream().map(p -> (double) p).toList()));
  }

  Figure compare(double ratio, String text, String target, @Nullable Boolean meets) {
    this.ratio = ratio;
    this.ratioText = text;
    this.target = target;
    this.meetsTarget = meets;
    return this;
  }
}
