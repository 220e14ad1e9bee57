package io.gckpi.transforms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The contact centre's own KPI definitions: reporting time zone, SLA thresholds, the weighted
 * handle time rules, what counts as resolved, and which interactions are left out. Loaded and
 * validated once at launch, so a typo fails the run before any extraction, with the file, line
 * and field in the message; unknown fields are errors for the same reason.
 *
 * <p>{@link #defaults()} is {@code kpi-spec.example.yaml}, the example spec.
 */
public record KpiSpec(
    @JsonProperty("zone") String zone,
    @JsonProperty("sla") Sla sla,
    @JsonProperty("weightedHandleTime") WeightedHandleTime weightedHandleTime,
    @JsonProperty("fcr") Fcr fcr,
    @JsonProperty("filters") Filters filters,
    @JsonProperty("holds") Holds holds,
    @JsonProperty("businessHours") BusinessHours businessHours)
    implements Serializable {

  public KpiSpec {
    zone = zone == null ? "UTC" : zone;
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw KpiSpecException.field("zone", "unknown time zone '" + zone + "'");
    }
    sla = sla == null ? new Sla(null, null, null) : sla;
    weightedHandleTime =
        weightedHandleTime == null ? new WeightedHandleTime(null, null) : weightedHandleTime;
    fcr = fcr == null ? new Fcr(null, null) : fcr;
    filters = filters == null ? new Filters(null, null, null, null) : filters;
    holds = holds == null ? new Holds(null, null) : holds;
  }

  /** SLA thresholds in seconds: per queue (id), then per media type, then the default. */
  public record Sla(
      @JsonProperty("defaultSeconds") Long defaultSeconds,
      @JsonProperty("byQueue") Map<String, Long> byQueue,
      @JsonProperty("byMedia") Map<String, Long> byMedia)
      implements Serializable {
    public Sla {
      defaultSeconds = defaultSeconds == null ? 120L : defaultSeconds;
      byQueue = byQueue == null ? Map.of() : Map.copyOf(byQueue);
      byMedia = byMedia == null ? Map.of() : Map.copyOf(byMedia);
      if (defaultSeconds <= 0) {
        throw KpiSpecException.field("defaultSeconds", "must be positive, got " + defaultSeconds);
      }
    }
  }

  /**
   * Ordered first-match rules on transfers, media and wrap-up code; the first rule whose every
   * given condition holds sets the multiplier of the base (agent handle time); none: x1.0.
   */
  public record WeightedHandleTime(
      @JsonProperty("rules") List<WeightRule> rules,
      @JsonProperty("defaultMultiplier") Double defaultMultiplier)
      implements Serializable {
    public WeightedHandleTime {
      rules = rules == null ? List.of() : List.copyOf(rules);
      defaultMultiplier = defaultMultiplier == null ? 1.0 : defaultMultiplier;
      if (defaultMultiplier <= 0) {
        throw KpiSpecException.field("defaultMultiplier", "must be positive");
      }
    }
  }

  /** One weighting rule; absent conditions match anything. */
  public record WeightRule(
      @JsonProperty("transfersGreaterThan") Integer transfersGreaterThan,
      @JsonProperty("transfersEqual") Integer transfersEqual,
      @JsonProperty("mediaType") String mediaType,
      @JsonProperty("wrapUpCode") String wrapUpCode,
      @JsonProperty("multiplier") Double multiplier)
      implements Serializable {
    public WeightRule {
      if (multiplier == null || multiplier <= 0) {
        throw KpiSpecException.field(
            "multiplier", "every rule needs a positive multiplier, got " + multiplier);
      }
    }

    boolean matches(int transfers, String media, String code) {
      return (transfersGreaterThan == null || transfers > transfersGreaterThan)
          && (transfersEqual == null || transfers == transfersEqual)
          && (mediaType == null || mediaType.equals(media))
          && (wrapUpCode == null || wrapUpCode.equals(code));
    }
  }

  /**
   * First-contact resolution. {@code resolvedWrapUpCodes}: wrap-up codes (ids or names) that mean
   * the issue was resolved on this contact (Genesys' own notion). {@code repeatContactDays}: when
   * set, also FCR by repeat contact: a handled interaction whose customer does not come back
   * within that many days (7 is usual); absent, that KPI is off.
   */
  public record Fcr(
      @JsonProperty("resolvedWrapUpCodes") List<String> resolvedWrapUpCodes,
      @JsonProperty("repeatContactDays") Integer repeatContactDays)
      implements Serializable {
    public Fcr {
      resolvedWrapUpCodes =
          resolvedWrapUpCodes == null ? List.of() : List.copyOf(resolvedWrapUpCodes);
      if (repeatContactDays != null && (repeatContactDays < 1 || repeatContactDays > 90)) {
        throw KpiSpecException.field(
            "repeatContactDays", "must be between 1 and 90, got " + repeatContactDays);
      }
    }
  }

  /**
   * The contact centre's opening hours: when set, queue waits (and so SLA and average queue wait)
   * count business time only, so a callback requested at 23:00 and answered at 08:05 waited five
   * minutes, not nine hours. {@code zone} defaults to the spec's reporting zone; {@code weekly}
   * maps a day (MONDAY..SUNDAY, any case, or its first three letters) to ranges "HH:mm-HH:mm"
   * (end "24:00" allowed); days not listed are closed; {@code holidays} are closed dates
   * (yyyy-MM-dd) in that zone. Daylight-saving changes follow the zone's rules.
   */
  public record BusinessHours(
      @JsonProperty("zone") String zone,
      @JsonProperty("weekly") Map<String, List<String>> weekly,
      @JsonProperty("holidays") List<String> holidays)
      implements Serializable {
    public BusinessHours {
      if (zone != null) {
        try {
          ZoneId.of(zone);
        } catch (DateTimeException e) {
          throw KpiSpecException.field("zone", "unknown time zone '" + zone + "'");
        }
      }
      weekly = weekly == null ? Map.of() : Map.copyOf(weekly);
      holidays = holidays == null ? List.of() : List.copyOf(holidays);
      // Parsed once here only to refuse bad text at load; the zone plays no part in parsing.
      BusinessCalendar.of(java.time.ZoneOffset.UTC, weekly, holidays);
    }
  }

  /** What leaves an interaction out of every KPI (each counted by reason). */
  public record Filters(
      @JsonProperty("internalQueues") List<String> internalQueues,
      @JsonProperty("excludedWrapUpCodes") List<String> excludedWrapUpCodes,
      @JsonProperty("requireAgent") Boolean requireAgent,
      @JsonProperty("minimumTalkSeconds") Double minimumTalkSeconds)
      implements Serializable {
    public Filters {
      internalQueues = internalQueues == null ? List.of() : List.copyOf(internalQueues);
      excludedWrapUpCodes =
          excludedWrapUpCodes == null ? List.of() : List.copyOf(excludedWrapUpCodes);
      requireAgent = requireAgent == null ? Boolean.TRUE : requireAgent;
      minimumTalkSeconds = minimumTalkSeconds == null ? 3.0 : minimumTalkSeconds;
      if (minimumTalkSeconds < 0) {
        throw KpiSpecException.field("minimumTalkSeconds", "must not be negative");
      }
    }
  }

  /**
   * Which agent holds are system hold rather than customer hold. Genesys records time a digital
   * agent spends on other interactions as hold, and a conference bridge as hold: neither is a
   * customer waiting on hold, so both default to system hold.
   */
  public record Holds(
      @JsonProperty("systemHoldMedia") List<String> systemHoldMedia,
      @JsonProperty("conferenceHoldIsSystem") Boolean conferenceHoldIsSystem)
      implements Serializable {
    public Holds {
      systemHoldMedia =
          systemHoldMedia == null ? List.of("chat", "email", "message") : List.copyOf(systemHoldMedia);
      conferenceHoldIsSystem = conferenceHoldIsSystem == null ? Boolean.TRUE : conferenceHoldIsSystem;
    }
  }

  @JsonIgnore
  public ZoneId zoneId() {
    return ZoneId.of(zone);
  }

  /** The business calendar, or null when the spec has no business hours. */
  @JsonIgnore
  public BusinessCalendar businessCalendar() {
    if (businessHours == null) {
      return null;
    }
    return BusinessCalendar.of(
        businessHours.zone() == null ? zoneId() : ZoneId.of(businessHours.zone()),
        businessHours.weekly(),
        businessHours.holidays());
  }

  /** SLA threshold for a queue and media type, in ms. */
  public long slaThresholdMs(String queueId, String mediaType) {
    Long seconds = queueId == null ? null : sla.byQueue().get(queueId);
    if (seconds == null) {
      seconds = sla.byMedia().getOrDefault(mediaType, sla.defaultSeconds());
    }
    return seconds * 1000L;
  }

  /** The multiplier of the first matching weighting rule. */
  public double weightMultiplier(int transfers, String mediaType, String wrapUpCode) {
    for (WeightRule rule : weightedHandleTime.rules()) {
      if (rule.matches(transfers, mediaType, wrapUpCode)) {
        return rule.multiplier();
      }
    }
    return weightedHandleTime.defaultMultiplier();
  }

  @JsonIgnore
  public Set<String> internalQueues() {
    return filters.internalQueues().stream().collect(Collectors.toUnmodifiableSet());
  }

  /** Whether a wrap-up code, given by id or name, means resolved; null never does. */
  public boolean isResolved(String codeId, String codeName) {
    return listed(fcr.resolvedWrapUpCodes(), codeId, codeName);
  }

  /** Whether a wrap-up code, given by id or name, leaves its interaction out. */
  public boolean isExcluded(String codeId, String codeName) {
    return listed(filters.excludedWrapUpCodes(), codeId, codeName);
  }

  private static boolean listed(List<String> list, String id, String name) {
    return (id != null && list.contains(id)) || (name != null && list.contains(name));
  }

  @JsonIgnore
  public long minimumTalkMs() {
    return Math.round(filters.minimumTalkSeconds() * 1000);
  }
}
