"""The Kubernetes objects of a production installation, built from the topology (DESIGN §2–3).

One image (``Dockerfile``) for every part; its argument picks the part (``deploy/entrypoint.sh``):
a Deployment + Service per HTTP service and the gateway, a Deployment per worker, the relay and
landing, a migration Job per service database, Kafka through Strimzi (KRaft node pool of three,
topics from the catalog with their partition counts), PostgreSQL through CloudNativePG (one
cluster, a Database per part) and Dagster through its Helm chart (``dagster-values.yaml``, the
Kubernetes run launcher).

Secrets are only *referenced*: every value lives in the ``lakoo-secrets`` Secret that the
operator creates (or an external-secrets controller syncs); nothing here holds one.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from api.events.topics import all_topics_with_dlq, partitions_of
from api.kit.settings import StackSettings, env_name
from api.kit.topology import (
    ALL_DATABASES,
    DAGSTER_UI_PORT,
    GATEWAY_PORT,
    SERVICES,
    served_services,
    worker_services,
)
from lakoo.runtime.kafka_topics import replication_for

NAMESPACE = "lakoo"
IMAGE = "ghcr.io/lakoo/lakoo:latest"  # CI pushes a tag per commit; kustomize sets it
SECRET = "lakoo-secrets"  # every secret and every database URL, created outside git
CONFIG = "lakoo-config"
KAFKA_CLUSTER = "lakoo-kafka"
POSTGRES_CLUSTER = "lakoo-pg"
KAFKA_BOOTSTRAP = f"{KAFKA_CLUSTER}-kafka-bootstrap.{NAMESPACE}.svc:9092"
BROKERS = 3
Manifest = dict[str, Any]


def _meta(name: str, part: str, **extra: Any) -> dict[str, Any]:
    labels = {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/part-of": "lakoo",
        "lakoo/part": part,
    }
    return {"name": name, "namespace": NAMESPACE, "labels": labels, **extra}


def secrets_by_part() -> dict[str, list[str]]:
    """``{service or "gateway": [secret env vars its settings read]}``."""
    for name in [*SERVICES, "gateway"]:
        for module in ("settings", "app"):
            try:
                importlib.import_module(f"api.{name}.{module}")
            except ModuleNotFoundError:
                continue
    found: dict[str, set[str]] = {}
    pending: list[type[StackSettings]] = [StackSettings]
    while pending:
        klass = pending.pop()
        pending.extend(klass.__subclasses__())
        parts = klass.__module__.split(".")
        if parts[0] != "api" or parts[1] not in {*SERVICES, "gateway"}:
            continue
        names = {
            env_name(klass, field)
            for field, info in klass.model_fields.items()
            if info.annotation is SecretStr
        }
        found.setdefault(parts[1], set()).update(names)
    return {part: sorted(names) for part, names in found.items()}


def _secret_env(name: str) -> dict[str, Any]:
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": SECRET, "key": name}}}


def service_env(service: str) -> list[dict[str, Any]]:
    """The env of a service's pods (HTTP and worker): its database and its secrets."""
    database = f"{service.upper()}_DATABASE_URL"
    secrets = secrets_by_part().get(service, ["GATEWAY_SECRET_KEY", "INTERNAL_API_KEY"])
    return [_secret_env(database), *(_secret_env(name) for name in secrets)]


def config_map() -> Manifest:
    """What is not secret: the environment, Kafka, and every service's in-cluster URL."""
    data = {
        "LAKOO_ENV": "production",
        "LAKOO_LOG_JSON": "true",
        "KAFKA_BOOTSTRAP_SERVERS": KAFKA_BOOTSTRAP,
        "JWT_ISSUER": "lakoo-auth",
        "JWT_AUDIENCE": "lakoo-api",
        "DAGSTER_HOME": "/opt/dagster/dagster_home",
        **{
            f"{name.upper()}_SERVICE_URL": f"http://{name}.{NAMESPACE}.svc:{spec.port}"
            for name, spec in SERVICES.items()
        },
    }
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": _meta(CONFIG, "config"),
        "data": data,
    }


def _container(
    part: str, args: list[str], env: list[dict[str, Any]], port: int | None
) -> dict[str, Any]:
    container: dict[str, Any] = {
        "name": part,
        "image": IMAGE,
        "args": args,
        "envFrom": [{"configMapRef": {"name": CONFIG}}],
        "env": env,
        "resources": {
            "requests": {"cpu": "100m", "memory": "192Mi"},
            "limits": {"memory": "512Mi"},
        },
        "securityContext": {"runAsNonRoot": True, "allowPrivilegeEscalation": False},
    }
    if port is not None:
        container["ports"] = [{"name": "http", "containerPort": port}]
        probe = {"httpGet": {"path": "/health", "port": "http"}, "periodSeconds": 10}
        container["readinessProbe"] = probe
        container["livenessProbe"] = {**probe, "failureThreshold": 6}
    return container


def _deployment(name: str, part: str, container: dict[str, Any], replicas: int) -> Manifest:
    selector = {"app.kubernetes.io/name": name}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(name, part),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"labels": {**selector, "lakoo/part": part}},
                "spec": {"containers": [container], "terminationGracePeriodSeconds": 30},
            },
        },
    }


def _service(name: str, port: int) -> Manifest:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(name, "service"),
        "spec": {
            "selector": {"app.kubernetes.io/name": name},
            "ports": [{"name": "http", "port": port, "targetPort": "http"}],
        },
    }


def services() -> list[Manifest]:
    """A Deployment (two replicas: one may restart) and a Service per HTTP service + gateway."""
    out: list[Manifest] = []
    for name in served_services():
        port = SERVICES[name].port
        container = _container(name, ["service", name], service_env(name), port)
        out += [_deployment(name, "service", container, 2), _service(name, port)]
    gateway_env = [_secret_env(n) for n in secrets_by_part().get("gateway", [])]
    container = _container("gateway", ["service", "gateway"], gateway_env, GATEWAY_PORT)
    out += [_deployment("gateway", "gateway", container, 2), _service("gateway", GATEWAY_PORT)]
    return out


def workers() -> list[Manifest]:
    """A Deployment per worker (scaled up to its topics' partitions), the relay and landing."""
    out = [
        _deployment(
            f"{name}-worker",
            "worker",
            _container(f"{name}-worker", ["worker", name], service_env(name), None),
            1,
        )
        for name in worker_services()
    ]
    every_db = [_secret_env(f"{name.upper()}_DATABASE_URL") for name in SERVICES]
    # relays on one database elect a leader (an advisory lock): a second replica is a hot standby
    out.append(_deployment("relay", "relay", _container("relay", ["relay"], every_db, None), 2))
    landing_env = [_secret_env("LAKOO_POSTGRES_URL")]
    out.append(
        _deployment("landing", "landing", _container("landing", ["land"], landing_env, None), 1)
    )
    return out


def migrations() -> list[Manifest]:
    """A Job per service database: Alembic to head, before the new pods roll out."""
    jobs = []
    for name in SERVICES:
        container = _container(f"migrate-{name}", ["migrations", name], service_env(name), None)
        jobs.append(
            {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "metadata": _meta(f"migrate-{name}", "migrations"),
                "spec": {
                    "backoffLimit": 3,
                    "ttlSecondsAfterFinished": 86400,
                    "template": {"spec": {"restartPolicy": "OnFailure", "containers": [container]}},
                },
            }
        )
    return jobs


def kafka() -> list[Manifest]:
    """Strimzi: a KRaft node pool of three (broker + controller) and every topic of the catalog."""
    replication, min_isr = replication_for(BROKERS)
    cluster_label = {"strimzi.io/cluster": KAFKA_CLUSTER}
    pool = {
        "apiVersion": "kafka.strimzi.io/v1beta2",
        "kind": "KafkaNodePool",
        "metadata": {**_meta("dual-role", "kafka"), "labels": cluster_label},
        "spec": {
            "replicas": BROKERS,
            "roles": ["controller", "broker"],
            "storage": {"type": "persistent-claim", "size": "100Gi", "deleteClaim": False},
        },
    }
    cluster = {
        "apiVersion": "kafka.strimzi.io/v1beta2",
        "kind": "Kafka",
        "metadata": {
            **_meta(KAFKA_CLUSTER, "kafka"),
            "annotations": {"strimzi.io/node-pools": "enabled", "strimzi.io/kraft": "enabled"},
        },
        "spec": {
            "kafka": {
                "version": "4.0.0",
                "listeners": [{"name": "plain", "port": 9092, "type": "internal", "tls": False}],
                "config": {
                    "default.replication.factor": replication,
                    "min.insync.replicas": min_isr,
                    "offsets.topic.replication.factor": replication,
                    "transaction.state.log.replication.factor": replication,
                    "transaction.state.log.min.isr": min_isr,
                    "auto.create.topics.enable": False,
                    "unclean.leader.election.enable": False,
                },
            },
            "entityOperator": {"topicOperator": {}},
        },
    }
    topics = [
        {
            "apiVersion": "kafka.strimzi.io/v1beta2",
            "kind": "KafkaTopic",
            "metadata": {**_meta(topic.replace(".", "-"), "kafka"), "labels": cluster_label},
            "spec": {
                "topicName": topic,
                "partitions": partitions_of(topic),
                "replicas": replication,
                "config": {"min.insync.replicas": min_isr},
            },
        }
        for topic in all_topics_with_dlq()
    ]
    return [pool, cluster, *topics]


def postgres() -> list[Manifest]:
    """CloudNativePG: one cluster of three instances, a Database per part (DESIGN §2)."""
    cluster = {
        "apiVersion": "postgresql.cnpg.io/v1",
        "kind": "Cluster",
        "metadata": _meta(POSTGRES_CLUSTER, "postgres"),
        "spec": {
            "instances": 3,
            "imageName": "ghcr.io/cloudnative-pg/postgresql:16",
            "storage": {"size": "200Gi"},
            "postgresql": {"parameters": {"max_connections": "400"}},
            "bootstrap": {"initdb": {"database": "lakoo", "owner": "lakoo"}},
        },
    }
    databases = [
        {
            "apiVersion": "postgresql.cnpg.io/v1",
            "kind": "Database",
            "metadata": _meta(database.replace("_", "-"), "postgres"),
            "spec": {"name": database, "owner": "lakoo", "cluster": {"name": POSTGRES_CLUSTER}},
        }
        for database in ALL_DATABASES
    ]
    return [cluster, *databases]


def dagster_values() -> dict[str, Any]:
    """Values for the ``dagster/dagster`` Helm chart: our image as the code location, runs as
    Kubernetes Jobs, storage in ``dagster_db`` on the CloudNativePG cluster."""
    env_from = {"envConfigMaps": [{"name": CONFIG}], "envSecrets": [{"name": SECRET}]}
    repository, _, tag = IMAGE.partition(":")
    image = {"repository": repository, "tag": tag, "pullPolicy": "IfNotPresent"}
    return {
        "dagsterWebserver": {"service": {"port": DAGSTER_UI_PORT}, **env_from},
        "dagster-user-deployments": {
            "enabled": True,
            "deployments": [
                {
                    "name": "lakoo",
                    "image": image,
                    "dagsterApiGrpcArgs": ["-m", "pipelines.definitions"],
                    "port": 3030,
                    **env_from,
                }
            ],
        },
        "runLauncher": {"type": "K8sRunLauncher", "config": {"k8sRunLauncher": env_from}},
        "postgresql": {
            "enabled": False,
            "postgresqlHost": f"{POSTGRES_CLUSTER}-rw.{NAMESPACE}.svc",
            "postgresqlUsername": "lakoo",
            "postgresqlDatabase": "dagster_db",
            "service": {"port": 5432},
        },
        "generatePostgresqlPasswordSecret": False,
        "global": {"postgresqlSecretName": f"{POSTGRES_CLUSTER}-app"},
    }


FILES: dict[str, Any] = {
    "namespace.yaml": lambda: [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}}
    ],
    "config.yaml": lambda: [config_map()],
    "kafka.yaml": kafka,
    "postgres.yaml": postgres,
    "migrations.yaml": migrations,
    "services.yaml": services,
    "workers.yaml": workers,
}


def render() -> dict[str, str]:
    """``{file name under deploy/k8s: YAML}`` (the Dagster values as one document)."""
    import yaml  # type: ignore[import-untyped]  # no stubs installed; only safe_dump used

    header = "# Rendered by `lakoo deploy render` from the topology; do not edit by hand.\n"
    out = {
        name: header + yaml.safe_dump_all(make(), sort_keys=False, explicit_start=True)
        for name, make in FILES.items()
    }
    out["dagster-values.yaml"] = header + yaml.safe_dump(dagster_values(), sort_keys=False)
    resources = [name for name in FILES]
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": NAMESPACE,
        "resources": resources,
        "images": [{"name": IMAGE.partition(":")[0], "newTag": "latest"}],
    }
    out["kustomization.yaml"] = header + yaml.safe_dump(kustomization, sort_keys=False)
    return out


def write(directory: Path) -> list[Path]:
    """Write every rendered file into ``directory``; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in render().items():
        path = directory / name
        path.write_text(text)
        paths.append(path)
    return paths
