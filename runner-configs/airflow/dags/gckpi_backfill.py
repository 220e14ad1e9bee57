"""Backfill: one gckpi run per day over a past range, oldest first, on Flink.

Trigger it with a config such as {"start": "2024-01-01", "end": "2024-01-31"} or let catchup
walk the range given by start_date/end_date. Because every run is idempotent, overlapping a day
that the daily DAG already loaded is harmless: its rows are replaced, not added. --reprocess makes
each run re-extract windows that the ledger already has complete.
"""
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.providers.apache.beam.operators.beam import BeamRunJavaPipelineOperator

with DAG(
    dag_id="gckpi_backfill",
    description="Re-extract and recompute a range of past days",
    schedule="@daily",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    end_date=pendulum.datetime(2024, 1, 31, tz="UTC"),
    catchup=True,
    max_active_runs=2,  # stays under Genesys' detail-job concurrency and the org's rate limit
    default_args={"retries": 2, "retry_delay": timedelta(minutes=30)},
    tags=["gckpi", "backfill"],
) as dag:
    BeamRunJavaPipelineOperator(
        task_id="kpi_pipeline",
        runner="FlinkRunner",
        jar="{{ var.value.gckpi_jar }}",
        job_class="io.gckpi.pipeline.KpiPipeline",
        pipeline_options={
            "flinkMaster": "{{ var.value.gckpi_flink_master }}",
            "source": "GENESYS",
            "date": "{{ ds }}",
            "sink": "JDBC",
            "jdbcUrl": "{{ var.value.gckpi_jdbc_url }}",
            "kpiSpec": "{{ var.value.gckpi_kpi_spec }}",
            "reprocess": "true",
            "rateLimitPerMinute": "120",
        },
    )
