"""Daily gckpi run on Google Cloud Dataflow from the flex template, into BigQuery.

Each run writes the partitions of its report dates whole (partition overwrite), so Airflow
retries and re-runs are idempotent. Build and stage the template as described in
runner-configs/dataflow/README.md; its path goes in the Airflow variable gckpi_template_path.
"""
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.providers.google.cloud.operators.dataflow import DataflowStartFlexTemplateOperator

DEFAULT_ARGS = {
    "owner": "data-engineering",
    "retries": 3,
    "retry_delay": timedelta(minutes=15),
    "retry_exponential_backoff": True,
}

with DAG(
    dag_id="gckpi_daily_dataflow",
    description="Genesys Cloud KPIs for one day, on Dataflow, into BigQuery",
    schedule="30 3 * * *",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["gckpi", "genesys", "dataflow"],
) as dag:
    DataflowStartFlexTemplateOperator(
        task_id="kpi_pipeline",
        project_id="{{ var.value.gckpi_gcp_project }}",
        location="{{ var.value.get('gckpi_gcp_region', 'europe-west1') }}",
        wait_until_finished=True,
        body={
            "launchParameter": {
                "jobName": "gckpi-{{ ds_nodash }}",
                "containerSpecGcsPath": "{{ var.value.gckpi_template_path }}",
                "parameters": {
                    "source": "GENESYS",
                    "genesysRegion": "{{ var.value.get('gckpi_region', 'mypurecloud.com') }}",
                    "date": "{{ ds }}",
                    "sink": "BIGQUERY",
                    "bigQueryDataset": "{{ var.value.gckpi_bq_dataset }}",
                    "staging": "{{ var.value.gckpi_staging }}",
                    "kpiSpec": "{{ var.value.gckpi_kpi_spec }}",
                },
            }
        },
    )
