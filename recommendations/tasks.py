"""Celery tasks: load by id, call a service."""

from __future__ import annotations

from celery import shared_task

from recommendations import selectors, services


# acks_late + reject_on_worker_lost: a worker killed mid-run leaves its message to be delivered
# again, and training_run_execute takes a run over once its heartbeat has stopped.
@shared_task(name="recommendations.tasks.train_models", ignore_result=False, acks_late=True, reject_on_worker_lost=True)
def train_models(run_id: int) -> dict:
    run = services.training_run_execute(run_id=run_id)
    return {"run_id": run.pk, "status": run.status, "duration_seconds": run.duration_seconds}


@shared_task(name="recommendations.tasks.train_scheduled")
def train_scheduled() -> dict:
    """Celery beat's check: fail runs whose worker died, start due searches, train the recommenders that are due."""
    services.training_runs_recover()
    tuning = [run.pk for run in services.tuning_runs_scheduled()]
    due = selectors.recommenders_due()
    if not due:
        return {"due": [], "tuning_runs": tuning}
    try:
        run = services.training_run_start(
            triggered_by="schedule: " + "; ".join(f"{d.slug} ({d.reason})" for d in due),
            recommenders=[d.slug for d in due],
        )
    except services.TrainingInProgress as exc:
        return {"skipped": str(exc)}
    return {"run_id": run.pk, "due": [d.slug for d in due], "tuning_runs": tuning}


@shared_task(name="recommendations.tasks.tune_recommender")
def tune_recommender(run_id: int) -> dict:
    run = services.tuning_run_execute(run_id=run_id)
    return {"run_id": run.pk, "status": run.status, "best_params": run.best_params}


# acks_late: a chunk whose worker died is delivered again; a chunk already done is left as it is.
@shared_task(name="recommendations.tasks.batch_chunk", bind=True, acks_late=True, reject_on_worker_lost=True)
def batch_chunk(self, job_id: int, index: int) -> dict:
    # Run in the caller (no broker), the chunk is recorded as scored in-process, not by a worker.
    worker = "" if self.request.is_eager else self.request.hostname or ""
    chunk = services.batch_chunk_execute(job_id=job_id, index=index, worker=worker)
    return {"job_id": job_id, "index": index, "status": getattr(chunk, "status", "failed")}


@shared_task(name="recommendations.tasks.batch_job_finish", acks_late=True, reject_on_worker_lost=True)
def batch_job_finish(job_id: int) -> dict:
    job = services.batch_job_finish(job_id=job_id)
    return {"job_id": job.pk, "status": job.status}


@shared_task(name="recommendations.tasks.data_deletion", acks_late=True, reject_on_worker_lost=True)
def data_deletion(job_id: int) -> dict:
    job = services.data_deletion_execute(job_id=job_id)
    return {"job_id": job.pk, "status": job.status, "counts": job.counts}
