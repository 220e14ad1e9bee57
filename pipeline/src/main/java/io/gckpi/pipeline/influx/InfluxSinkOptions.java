package io.gckpi.pipeline.influx;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The options of the InfluxDB points ({@code --sink=files,influx} or {@code --sink=jdbc,influx}),
 * part of the job's options. {@link InfluxSettings#forRun} checks them and names the bad one.
 */
public interface InfluxSinkOptions extends PipelineOptions {
  @Description("InfluxDB base URL for --sink=...,influx, e.g. http://127.0.0.1:8086.")
  String getInfluxUrl();

  void setInfluxUrl(String value);

  @Description("InfluxDB API: 1 (POST /write, --influxDatabase) or 2 (POST /api/v2/write,"
      + " --influxOrg, --influxBucket, --influxToken).")
  @Default.Integer(1)
  int getInfluxVersion();

  void setInfluxVersion(int value);

  @Description("InfluxDB 1.x database (it must exist).")
  String getInfluxDatabase();

  void setInfluxDatabase(String value);

  @Description("InfluxDB 1.x retention policy (default: the database's default policy).")
  String getInfluxRetentionPolicy();

  void setInfluxRetentionPolicy(String value);

  @Description("InfluxDB 1.x user, when authentication is on.")
  String getInfluxUser();

  void setInfluxUser(String value);

  @Description("InfluxDB 1.x password (else INFLUX_PASSWORD). Never logged.")
  String getInfluxPassword();

  void setInfluxPassword(String value);

  @Description("InfluxDB 2.x organization (name or id).")
  String getInfluxOrg();

  void setInfluxOrg(String value);

  @Description("InfluxDB 2.x bucket.")
  String getInfluxBucket();

  void setInfluxBucket(String value);

  @Description("InfluxDB 2.x API token with write access to the bucket (else INFLUX_TOKEN)."
      + " Never logged.")
  String getInfluxToken();

  void setInfluxToken(String value);
}
