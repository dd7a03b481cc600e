# One image for every part of LAKOO in production; the first argument picks the part
# (deploy/entrypoint.sh):
#   service <name>|gateway   an HTTP service (or the gateway) on its DESIGN §2 port, all interfaces
#   worker <name>            a service's consumers and periodic jobs
#   relay | land             outbox -> Kafka | Kafka -> analytics raw tables
#   migrations [<name>]      Alembic to head for one service database (or all), then exit
#   dagster                  the Dagster code server (the Helm chart runs webserver and daemon)
# Every setting comes from the environment (deploy/k8s/config.yaml and the lakoo-secrets Secret);
# the image holds no secret and defaults to LAKOO_ENV=production, where a missing one is fatal.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY api api
COPY ingestion ingestion
COPY assets assets
COPY pipelines pipelines
COPY lakoo lakoo
COPY dbt_project dbt_project
COPY workspace.yaml ./
# dagster-k8s: the run launcher starts each Dagster run as a Job from this same image
RUN python -m venv /opt/lakoo \
 && /opt/lakoo/bin/pip install . "dagster-k8s>=0.29,<0.30"

FROM python:3.11-slim
RUN useradd --uid 10001 --create-home lakoo
COPY --from=build /opt/lakoo /opt/lakoo
COPY --from=build /src/dbt_project /app/dbt_project
COPY --from=build /src/workspace.yaml /app/workspace.yaml
COPY deploy/entrypoint.sh /usr/local/bin/lakoo-entrypoint
ENV PATH=/opt/lakoo/bin:$PATH LAKOO_ENV=production LAKOO_LOG_JSON=true PYTHONUNBUFFERED=1 \
    LAKOO_HOME=/tmp/lakoo DAGSTER_HOME=/opt/dagster/dagster_home
WORKDIR /app
USER 10001
ENTRYPOINT ["lakoo-entrypoint"]
CMD ["service", "gateway"]
