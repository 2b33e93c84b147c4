"""Declarative, validated configuration (defaults in ``data/default.toml``)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError
from .lang import DEFAULT_LANGUAGE, Language
from .lang import language as registered_language

#: The settings that name a pipeline stage's backend: the language model, the actor resolver
#: and the coder.
BackendSetting = Literal["model", "resolver", "coder"]


class Config(BaseModel):
    """Everything a pipeline run depends on; passed explicitly, never global."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = registered_language().spacy_model
    batch_size: int = Field(default=32, ge=1, le=10_000)
    coder: str = "hybrid.v1"
    resolver: str = "dictionary.v1"
    models: Path | None = None
    #: Blend the pretrained sentence encoder's type probabilities into the classifier's
    #: (``legation setup-encoder`` installs it; ``LEGATION_ENCODER=on``/``off`` overrides).
    encoder: bool = False
    perspective: str | None = Field(default=None, pattern=r"^([A-Z]{3})?$")
    actor_paths: tuple[Path, ...] = ()
    world_actors: bool = True
    max_file_bytes: int = Field(default=20_000_000, ge=1)
    store_memory_mb: int = Field(default=40, ge=0)
    languages: tuple[str, ...] = Field(default=(DEFAULT_LANGUAGE,), min_length=1)
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    db: Path = Path("legation.duckdb")

    @field_validator("models", mode="before")
    @classmethod
    def _no_models_dir(cls, value: Any) -> Any:
        return None if value in ("", None) else value

    @field_validator("perspective", mode="before")
    @classmethod
    def _no_perspective(cls, value: Any) -> Any:
        return None if value in ("", None) else value

    def backend(self, setting: BackendSetting) -> str:
        """The backend that ``setting`` names (``config.backend("coder") == config.coder``)."""
        names = {"model": self.model, "resolver": self.resolver, "coder": self.coder}
        return names[setting]

    @field_validator("languages")
    @classmethod
    def _registered_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for code in value:
            try:
                registered_language(code)
            except ConfigError as exc:
                raise ValueError(
                    f"{exc}; a package adds a language under the entry-point group "
                    "'legation.languages' (docs/architecture.md, Languages)"
                ) from None
        return value

    @property
    def language(self) -> Language:
        """The language documents are read in (their dates, datelines): the first of
        ``languages``."""
        return registered_language(self.languages[0])

    @classmethod
    def default(cls) -> Config:
        text = resources.files("legation").joinpath("data/default.toml").read_text("utf-8")
        return cls._from_mapping(tomllib.loads(text), "the default config")

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> Config:
        """Load a TOML config over the defaults; ``overrides`` win over both."""
        base = cls.default().model_dump()
        if path is not None:
            base.update(cls._read(Path(path)))
        base.update({k: v for k, v in overrides.items() if v is not None})
        return cls._from_mapping(base, str(path) if path else "the options given")

    @staticmethod
    def _read(path: Path) -> dict[str, Any]:
        try:
            return tomllib.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {path} not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None

    @classmethod
    def _from_mapping(cls, data: dict[str, Any], where: str) -> Config:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise ConfigError(
                f"invalid configuration in {where}: {problems}. "
                "See legation/data/default.toml for the valid keys."
            ) from None
