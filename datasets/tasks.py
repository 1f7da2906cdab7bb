from celery import shared_task

from datasets import services


@shared_task(name="datasets.tasks.import_run")
def import_run(job_id: int) -> str:
    return services.import_job_run(job_id=job_id).status
