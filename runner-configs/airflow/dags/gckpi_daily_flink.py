"""Daily gckpi run on a Flink cluster, one run per day of data ({{ ds }}).

The job is idempotent (upserts keyed by conversation and by window; a ledger of complete windows),
so Airflow retries and manual re-runs of any day are safe: a re-run replaces that day's rows and
never double counts. The trailing horizon (default 3 days) is re-extracted by every run, so late
changes in Genesys land without a separate backfill.

Airflow variables used: gckpi_jar (path of gckpi-flink-*-shaded.jar on the worker),
gckpi_flink_master (host:port of the JobManager REST endpoint), gckpi_jdbc_url,
gckpi_kpi_spec (path of the KPI spec). Credentials come from the environment of the worker
(GENESYS_CLIENT_ID / GENESYS_CLIENT_SECRET), never from the DAG.
"""
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.beam.operators.beam import BeamRunJavaPipelineOperator

DEFAULT_ARGS = {
    "owner": "data-engineering",
    "retries": 3,
    "retry_delay": timedelta(minutes=15),
    "retry_exponential_backoff": True,
}

with DAG(
    dag_id="gckpi_daily_flink",
    description="Genesys Cloud KPIs for one day, on Flink, into PostgreSQL",
    schedule="30 3 * * *",  # after Genesys' data lake has the previous day
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["gckpi", "genesys", "flink"],
) as dag:
    BeamRunJavaPipelineOperator(
        task_id="kpi_pipeline",
        runner="FlinkRunner",
        jar="{{ var.value.gckpi_jar }}",
        job_class="io.gckpi.pipeline.KpiPipeline",
        pipeline_options={
            "flinkMaster": "{{ var.value.gckpi_flink_master }}",
            "parallelism": "2",
            "source": "GENESYS",
            "genesysRegion": "{{ var.value.get('gckpi_region', 'mypurecloud.com') }}",
            "date": "{{ ds }}",
            "sink": "JDBC",
            "jdbcUrl": "{{ var.value.gckpi_jdbc_url }}",
            "kpiSpec": "{{ var.value.gckpi_kpi_spec }}",
            "staging": "{{ var.value.get('gckpi_staging', '/data/gckpi/raw') }}",
        },
        execution_timeout=timedelta(hours=3),
    )
