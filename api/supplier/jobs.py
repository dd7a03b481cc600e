"""The supplier service's periodic work: none. Scores arrive from the data platform's push
(``POST /internal/suppliers/{id}/performance``), not from a job of its own."""

from __future__ import annotations

from api.kit.worker import PeriodicJob

JOBS: list[PeriodicJob] = []
