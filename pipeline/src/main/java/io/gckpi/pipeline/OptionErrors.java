package io.gckpi.pipeline;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns Beam's complaint about an option value it could not parse ("Unable to parse JSON value
 * xx") into one line that names the option and says what it takes. Beam's message names neither:
 * the arguments are parsed again one at a time to find the one it refused.
 */
final class OptionErrors {
  private OptionErrors() {}

  /**
   * Refuses a duration that is not ISO-8601 before Beam reads it: Beam hands the text to Jackson
   * as JSON, which reads {@code 3 days} as the number 3 (seconds) and ignores the rest.
   */
  static void checkDurations(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        continue;
      }
      String name = arg.substring(2, arg.indexOf('='));
      String value = arg.substring(arg.indexOf('=') + 1);
      Method getter = getter(name);
      if (getter != null && getter.getReturnType() == Duration.class) {
        try {
          Duration.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
          throw new IllegalArgumentException("--" + name + ": " + expected(name) + "; got " + value);
        }
      }
    }
  }

  /** The message for {@code failure}, raised while Beam parsed {@code args}. */
  static String explain(String[] args, IllegalArgumentException failure) {
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        continue;
      }
      try {
        PipelineOptionsFactory.fromArgs(arg).as(KpiPipelineOptions.class);
      } catch (IllegalArgumentException e) {
        String name = arg.substring(2, arg.indexOf('='));
        String value = arg.substring(arg.indexOf('=') + 1);
        String expected = expected(name);
        return expected == null
            ? e.getMessage()
            : "--" + name + ": " + expected + "; got " + value;
      }
    }
    return failure.getMessage();
  }

  /** What an option of the job's takes, from its getter's type; null when not a typed option. */
  private static @Nullable String expected(String option) {
    Method method = getter(option);
    if (method == null) {
      return null;
    }
    Class<?> type = method.getReturnType();
    if (type == Duration.class) {
      return "expected an ISO-8601 duration such as PT1H or P3D";
    }
    if (type.isEnum()) {
      return "must be one of " + names(type);
    }
    if (Collection.class.isAssignableFrom(type)
        && method.getGenericReturnType()
            instanceof java.lang.reflect.ParameterizedType parameterized
        && parameterized.getActualTypeArguments()[0] instanceof Class<?> item
        && item.isEnum()) {
      return "a comma list of " + names(item);
    }
    return "expected a " + type.getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static @Nullable Method getter(String option) {
    if (option.isEmpty()) {
      return null;
    }
    String name = "get" + Character.toUpperCase(option.charAt(0)) + option.substring(1);
    try {
      return KpiPipelineOptions.class.getMethod(name);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static String names(Class<?> enumType) {
    return Arrays.toString(enumType.getEnumConstants()).toLowerCase(Locale.ROOT);
  }
}
