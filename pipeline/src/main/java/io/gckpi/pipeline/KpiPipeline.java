package io.gckpi.pipeline;

/** The KPI job's entry point. The pipeline itself lands with its issue; this says so plainly. */
public final class KpiPipeline {
  private KpiPipeline() {}

  public static void main(String[] args) {
    System.out.println("gckpi run: not yet (the KPI pipeline lands with its issue)");
  }
}
