"""docker-compose.yml parses and describes the deployment docs/production.md explains (no engine
needed: `docker compose config` needs the compose plugin, which not every machine has)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from src.infrastructure.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return data


def test_the_services_are_the_engines_the_api_and_a_worker() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "migrate", "api", "worker"}
    assert services["postgres"]["image"].startswith("pgvector/pgvector:")
    assert services["api"]["deploy"]["replicas"] >= 2
    assert services["worker"]["command"] == ["cinemai", "worker"]
    assert services["migrate"]["command"] == ["alembic", "upgrade", "head"]


def test_redis_is_bounded_and_evicts_only_keys_with_a_ttl() -> None:
    command = compose()["services"]["redis"]["command"]
    assert command[command.index("--maxmemory") + 1].endswith("mb")
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru"


def test_every_long_running_service_has_a_healthcheck_and_waits_for_what_it_needs() -> None:
    services = compose()["services"]
    for name in ("postgres", "redis", "api", "worker"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("api", "worker"):
        needs = services[name]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully"
        assert needs["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "/ready" in " ".join(services["api"]["healthcheck"]["test"])


def test_the_app_environment_names_real_settings() -> None:
    services = compose()["services"]
    fields = {name.upper() for name in Settings.model_fields}
    for name in ("migrate", "api", "worker"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["CINEMAI_AUTO_MIGRATE"] == "false"
        for key in env:
            bare = key.removeprefix("CINEMAI_")
            assert bare in fields, f"{key} is not a setting"
        Settings.model_validate({k.removeprefix("CINEMAI_").lower(): v for k, v in env.items()
                                 if k.startswith("CINEMAI_")})
