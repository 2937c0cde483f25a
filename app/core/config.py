"""One settings object, read from the environment (prefix TNS_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[2]
DEV_SECRET = "development-only-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TNS_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "production"
    database_url: str = f"sqlite:///{ROOT / 'var' / 'tns.sqlite3'}"
    secret_key: str = DEV_SECRET
    definitions_dir: Path = ROOT / "survey_definitions"
    host: str = "127.0.0.1"
    port: int = 8000

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.env == "production" and self.secret_key == DEV_SECRET:
            raise ValueError("TNS_SECRET_KEY must be set outside development (TNS_ENV=development)")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
