"""The production manifests against the topology: every service, port, env var and secret of
DESIGN §2–3 present, every topic with its partitions, and no secret value committed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.events.topics import all_topics_with_dlq, partitions_of
from api.kit.topology import (
    ALL_DATABASES,
    DAGSTER_UI_PORT,
    GATEWAY_PORT,
    SERVICES,
    served_services,
    worker_services,
)
from lakoo.deploy.manifests import render
from lakoo.runtime.secrets import LOCAL_SECRETS

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "deploy" / "k8s"


def _docs(name: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all((K8S / name).read_text()) if doc]


@pytest.fixture(scope="module")
def objects() -> dict[tuple[str, str], dict[str, Any]]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    found = {}
    for name in kustomization["resources"]:
        for doc in _docs(name):
            found[(doc["kind"], doc["metadata"]["name"])] = doc
    return found


def _container(obj: dict[str, Any]) -> dict[str, Any]:
    (container,) = obj["spec"]["template"]["spec"]["containers"]
    return container


def _env_names(obj: dict[str, Any]) -> set[str]:
    return {entry["name"] for entry in _container(obj).get("env", [])}


def test_the_committed_manifests_are_what_the_topology_renders_now() -> None:
    for name, text in render().items():
        assert (K8S / name).read_text() == text, f"deploy/k8s/{name} is stale: lakoo deploy render"


def test_every_service_and_the_gateway_has_a_deployment_and_a_service_on_its_port(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    ports = {name: SERVICES[name].port for name in served_services()} | {"gateway": GATEWAY_PORT}
    for name, port in ports.items():
        deployment = objects[("Deployment", name)]
        container = _container(deployment)
        assert container["args"] == ["service", name]
        assert container["ports"][0]["containerPort"] == port
        assert container["readinessProbe"]["httpGet"]["path"] == "/health"
        assert deployment["spec"]["replicas"] >= 2, "one instance may restart while one serves"
        assert objects[("Service", name)]["spec"]["ports"][0]["port"] == port


def test_every_worker_the_relay_and_a_migration_job_per_database_are_deployed(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    for name in worker_services():
        assert _container(objects[("Deployment", f"{name}-worker")])["args"] == ["worker", name]
    relay = objects[("Deployment", "relay")]
    assert {f"{name.upper()}_DATABASE_URL" for name in SERVICES} <= _env_names(relay)
    for name in SERVICES:
        job = objects[("Job", f"migrate-{name}")]
        (container,) = job["spec"]["template"]["spec"]["containers"]
        assert container["args"] == ["migrations", name]
        assert f"{name.upper()}_DATABASE_URL" in {e["name"] for e in container["env"]}


def test_every_service_reads_its_database_kafka_and_the_other_services_urls(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    config = objects[("ConfigMap", "lakoo-config")]["data"]
    assert config["LAKOO_ENV"] == "production"
    assert config["KAFKA_BOOTSTRAP_SERVERS"]
    assert {"JWT_ISSUER", "JWT_AUDIENCE"} <= set(config)
    for name, spec in SERVICES.items():
        assert config[f"{name.upper()}_SERVICE_URL"].endswith(f":{spec.port}")
    for name in served_services():
        deployment = objects[("Deployment", name)]
        assert f"{name.upper()}_DATABASE_URL" in _env_names(deployment)
        assert {"GATEWAY_SECRET_KEY", "INTERNAL_API_KEY"} <= _env_names(deployment)
        assert _container(deployment)["envFrom"] == [{"configMapRef": {"name": "lakoo-config"}}]


def test_every_secret_is_referenced_from_the_secret_store_and_none_is_committed(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    referenced: set[str] = set()
    for (kind, _), obj in objects.items():
        assert kind != "Secret", "secrets are created outside git"
        if kind not in {"Deployment", "Job"}:
            continue
        spec = obj["spec"]["template"]["spec"]
        for container in spec["containers"]:
            for entry in container.get("env", []):
                assert "value" not in entry, f"{entry['name']} has a literal value"
                ref = entry["valueFrom"]["secretKeyRef"]
                assert ref["name"] == "lakoo-secrets"
                referenced.add(ref["key"])
    assert set(LOCAL_SECRETS) <= referenced, sorted(set(LOCAL_SECRETS) - referenced)
    assert "AUTH_JWT_PRIVATE_KEY" in _env_names(objects[("Deployment", "auth")])
    assert not set(LOCAL_SECRETS) & set(objects[("ConfigMap", "lakoo-config")]["data"])
    looks_secret = re.compile(
        r"BEGIN [A-Z ]*PRIVATE KEY|xnd_|SG\.[A-Za-z0-9_-]{8}|gw_[A-Za-z0-9_-]{8}"
    )
    for path in [*K8S.iterdir(), ROOT / "Dockerfile", ROOT / "deploy" / "entrypoint.sh"]:
        assert not looks_secret.search(path.read_text()), f"{path.name} holds a secret value"


def test_kafka_runs_three_kraft_nodes_and_every_topic_with_its_partitions(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    pool = objects[("KafkaNodePool", "dual-role")]["spec"]
    assert pool["replicas"] == 3 and set(pool["roles"]) == {"broker", "controller"}
    config = objects[("Kafka", "lakoo-kafka")]["spec"]["kafka"]["config"]
    assert config["min.insync.replicas"] == 2 and config["default.replication.factor"] == 3
    topics = {
        obj["spec"]["topicName"]: obj["spec"]
        for (kind, _), obj in objects.items()
        if kind == "KafkaTopic"
    }
    assert set(topics) == set(all_topics_with_dlq())
    for name, spec in topics.items():
        assert spec["partitions"] == partitions_of(name)
        assert spec["replicas"] == 3 and spec["config"]["min.insync.replicas"] == 2


def test_postgres_has_every_database_and_dagster_launches_runs_on_kubernetes(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    assert objects[("Cluster", "lakoo-pg")]["spec"]["instances"] == 3
    databases = {obj["spec"]["name"] for (kind, _), obj in objects.items() if kind == "Database"}
    assert databases == set(ALL_DATABASES)
    values = yaml.safe_load((K8S / "dagster-values.yaml").read_text())
    assert values["runLauncher"]["type"] == "K8sRunLauncher"
    assert values["dagsterWebserver"]["service"]["port"] == DAGSTER_UI_PORT
    (code,) = values["dagster-user-deployments"]["deployments"]
    image = _container(objects[("Deployment", "gateway")])["image"]
    assert f"{code['image']['repository']}:{code['image']['tag']}" == image
    assert values["postgresql"]["enabled"] is False
    assert values["postgresql"]["postgresqlDatabase"] == "dagster_db"


def test_one_image_whose_argument_picks_every_part_the_manifests_run(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["lakoo-entrypoint"]' in dockerfile
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    parts = set(re.findall(r"^  ([a-z]+)\)", entrypoint, flags=re.MULTILINE))
    assert {"service", "worker", "relay", "migrations", "dagster"} <= parts
    for (kind, _), obj in objects.items():
        if kind in {"Deployment", "Job"}:
            assert _container(obj)["args"][0] in parts
