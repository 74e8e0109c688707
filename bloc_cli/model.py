"""The typed dataset: one TypedDict per kind of record in the article's facts.

TypedDicts cost nothing to import, so commands on the bundled data never load
msgspec; msgspec decodes and validates a user's `--data` file against these
same types in one pass, and generates the JSON Schema from them.
"""

from collections.abc import Mapping
from typing import Any, TypedDict, cast


class _Heading(TypedDict):
    # The article heading above the lines a section comes from; null: the opening
    # paragraph, before the first heading.
    heading: str | None


class Enumeration(_Heading, total=False):
    """An enumeration in a sentence ("such as A, B, and C"): the items follow `lead_in`
    and run to `lead_out`, or to the end of the sentence."""

    lead_in: str
    lead_out: str


class Place(Enumeration, total=False):
    """Where in the article a section's records stand, under `heading`, in one form:

    - a table: `columns` maps each field to its column heading; the first column holds the
      record's key, a list field is the cell's comma-separated items;
    - a bulleted list: `bullets_after` is the line or sentence that introduces it;
    - an enumeration: `lead_in` (and `lead_out`), one item per record;
    - `subjects`: each record is the subject of a sentence of the section (the words
      before its verb: will, can, is, must ...).

    Members also have `named_in` (the enumeration that names the members the table does
    not list) and `newest` (the words that follow the newest member's name).
    """

    columns: dict[str, str]
    bullets_after: str
    subjects: bool
    named_in: Enumeration
    newest: str


class Provenance(TypedDict):
    """For each section, where the article states it: a Place, or (in datasets older
    than Place) the heading alone."""

    members: Place | str | None
    security: Place | str | None
    roadmap: Place | str | None
    membership_benefits: Place | str | None
    economic_benefits: Place | str | None
    stated_aims: Place | str | None
    shared_challenges: Place | str | None
    security_threats: Place | str | None
    joint_venture_sectors: Place | str | None
    strategic_recommendations: Place | str | None


class _SourceText(TypedDict, total=False):
    # The article's full text ("\n" line ends): what `line`, `quote` and `bloc verify` are
    # checked against. Optional: a dataset without it (an older file) still loads.
    text: str | None


class Source(_SourceText):
    title: str
    reported_by: str | None
    page_url: str | None
    image_caption: str | None
    image_url: str | None
    provenance: Provenance


# The years bloc accepts for year_joined: plausible for a state, and far inside what
# SQLite's 64-bit integers and every output format hold.
YEAR_RANGE = (1000, 2999)


# The fields of Source that describe the article (all but provenance), in display order.
SOURCE_FIELDS = ("title", "reported_by", "page_url", "image_caption", "image_url")


class Member(TypedDict):
    name: str
    year_joined: int | None
    contributions: list[str] | None
    newest: bool


class SecurityAspect(TypedDict):
    aspect: str
    before: str | None
    after: str | None


class RoadmapArea(TypedDict):
    area: str
    action_items: list[str]
    expected_impact: str | None


class Benefits(TypedDict):
    membership: list[str]
    economic: list[str]


class Context(TypedDict):
    stated_aims: list[str]
    shared_challenges: list[str]
    security_threats: list[str]
    joint_venture_sectors: list[str]
    strategic_recommendations: list[str]


class Dataset(TypedDict):
    source: Source
    members: list[Member]
    security: list[SecurityAspect]
    roadmap: list[RoadmapArea]
    benefits: Benefits
    context: Context


def named_lists(section: "Benefits | Context") -> Mapping[str, list[str]]:
    """A section made of named lists, as a mapping (to mypy a TypedDict's values are `object`)."""
    return cast(Mapping[str, list[str]], section)


def places(provenance: Provenance) -> Mapping[str, Place | str | None]:
    """Section name -> its provenance, as a mapping."""
    return cast(Mapping[str, Place | str | None], provenance)


def heading_of(place: Place | str | None) -> str | None:
    """The article heading of a section's provenance (old or new form)."""
    return place.get("heading") if isinstance(place, dict) else place


def headings(provenance: Provenance) -> dict[str, str | None]:
    """Section name -> article heading."""
    return {section: heading_of(place) for section, place in places(provenance).items()}


# The fields that name a record and are looked up by name (`bloc member NAME`, `--aspect`,
# `--area`): section, record type, field. Each must hold a character that is not
# whitespace (NAME_PATTERN, in the schema too) and be unique in its section in any case.
NAMED_RECORDS = (
    ("members", Member, "name"),
    ("security", SecurityAspect, "aspect"),
    ("roadmap", RoadmapArea, "area"),
)
NAME_PATTERN = r"\S"

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:bloc-cli:schema:dataset"
# A dataset file is read whole before it is decoded; a larger one (or an endless
# stream such as /dev/urandom or a FIFO) is refused. A million members take ~120 MB.
MAX_DATA_BYTES = 256 * 1024 * 1024

# What the loader checks that a JSON Schema cannot say (tests/test_data_option.py
# checks that the loader and a schema validator differ on these alone).
SCHEMA_RULES = (
    "A bloc dataset: the facts of one news article. bloc also refuses (exit 3) what this "
    "schema cannot say: a member name, security aspect or roadmap area that another in "
    "its list has too, compared case-insensitively (Unicode case folding); an object with "
    "a key written twice (a JSON parser keeps the last one); a year written with a "
    "fraction or an exponent (1992.0 or 1.992e3: write 1992); a string with an unpaired "
    "surrogate escape (\\ud800 alone). It reads a file of up to "
    f"{MAX_DATA_BYTES >> 20} MiB, which may start with a UTF-8 byte order mark."
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a dataset file, generated from the model, with what loading
    checks beyond the types (a TypedDict cannot carry it without importing msgspec here):
    no unknown fields, the year range, names that are not blank."""
    import msgspec

    generated: dict[str, Any] = msgspec.json.schema(Dataset)
    definitions = generated["$defs"]
    for definition in definitions.values():
        if definition.get("type") == "object" and "properties" in definition:
            definition["additionalProperties"] = False
    year = definitions["Member"]["properties"]["year_joined"]
    integer = next(choice for choice in year["anyOf"] if choice.get("type") == "integer")
    integer["minimum"], integer["maximum"] = YEAR_RANGE
    for _section, record, field in NAMED_RECORDS:
        definitions[record.__name__]["properties"][field]["pattern"] = NAME_PATTERN
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "bloc dataset",
        "description": SCHEMA_RULES,
        **generated,
    }
