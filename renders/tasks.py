"""The task workers' work, through Django's tasks API.

``django_tasks`` is the backport of Django 6's ``django.tasks``: on Django 6
the import becomes ``from django.tasks import task`` and nothing else changes.
Which backend runs them (the database by default; RQ or Celery through their
Django tasks backends) is the ``TASKS`` setting.
"""

from django_tasks import task

from renders import approvals, jobs


@task()
def render_file(job_pk):
    jobs.run(job_pk)


@task()
def approve_assessment(request_pk):
    approvals.run(request_pk)
