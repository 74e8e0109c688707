"""The typed dataset: one msgspec Struct per section of the article's facts."""

from __future__ import annotations

import msgspec


class _Strict(msgspec.Struct, forbid_unknown_fields=True):
    """Base for every record: unknown fields in a data file are an error, not ignored."""


class Provenance(_Strict):
    """For each section, the article heading it was taken from (null: no heading)."""

    members: str | None
    security: str | None
    roadmap: str | None
    membership_benefits: str | None
    economic_benefits: str | None
    stated_aims: str | None
    shared_challenges: str | None
    security_threats: str | None
    joint_venture_sectors: str | None
    strategic_recommendations: str | None


class Source(_Strict):
    title: str
    reported_by: str | None
    page_url: str | None
    image_caption: str | None
    image_url: str | None
    provenance: Provenance


class Member(_Strict):
    name: str
    year_joined: int | None
    contributions: list[str] | None
    newest: bool


class SecurityAspect(_Strict):
    aspect: str
    before: str | None
    after: str | None


class RoadmapArea(_Strict):
    area: str
    action_items: list[str]
    expected_impact: str | None


class Benefits(_Strict):
    membership: list[str]
    economic: list[str]


class Context(_Strict):
    stated_aims: list[str]
    shared_challenges: list[str]
    security_threats: list[str]
    joint_venture_sectors: list[str]
    strategic_recommendations: list[str]


class Dataset(_Strict):
    source: Source
    members: list[Member]
    security: list[SecurityAspect]
    roadmap: list[RoadmapArea]
    benefits: Benefits
    context: Context


def json_schema() -> dict[str, object]:
    """The JSON Schema of a dataset file, generated from the model."""
    return msgspec.json.schema(Dataset)
