package io.gckpi.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the figures were measured. */
final class MachineInfo {
  private MachineInfo() {}

  /**
   * @param trialMaxHeapBytes the max heap the trial JVMs reported (their -Xmx)
   * @param loadAtStart the load average when the benchmarks started
   */
  static Map<String, Object> collect(long trialMaxHeapBytes, double loadAtStart) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("cores", Runtime.getRuntime().availableProcessors());
    info.put("cpu", cpuModel());
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      info.put("memoryBytes", os.getTotalMemorySize());
    }
    info.put("maxHeapBytes", trialMaxHeapBytes);
    info.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("java.vm.vendor") + ")");
    info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    // Other work on the machine competes with the figures; each trial records the load too.
    info.put("loadAverageAtStart", loadAtStart);
    info.put("loadAverageAtEnd", loadAverage());
    return info;
  }

  /** The system load average of the last minute; negative where the OS does not tell. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
