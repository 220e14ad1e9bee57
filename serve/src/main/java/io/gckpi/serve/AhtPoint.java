package io.gckpi.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Average handle time of one skill in one bucket, as {@code /metrics/aht} returns it.
 *
 * @param avgHandleTime seconds; null when the bucket has no handled conversations
 * @param timestamp the bucket's start, ISO-8601 in UTC
 */
@JsonPropertyOrder({"skill", "avg_handle_time", "conversation_count", "timestamp"})
record AhtPoint(
    @JsonProperty("skill") String skill,
    @JsonProperty("avg_handle_time") Double avgHandleTime,
    @JsonProperty("conversation_count") long conversationCount,
    @JsonProperty("timestamp") String timestamp) {

  /**
   * The weighted average of a bucket from its additive sums: total handle time over total handled
   * conversations. Averaging the per-window or per-hour averages instead would give an hour with
   * one conversation the same weight as an hour with a hundred, and the result would change with
   * how the pipeline happened to split its extraction windows.
   */
  static AhtPoint fromSums(String skill, String timestamp, long handledCount, long sumHandleMs) {
    Double seconds = handledCount == 0 ? null : sumHandleMs / (double) handledCount / 1000.0;
    return new AhtPoint(skill, seconds, handledCount, timestamp);
  }
}
