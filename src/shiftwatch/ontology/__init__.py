"""PLOVER and CAMEO as data: event types, modes, CAMEO codes, Goldstein scores, quad classes.

The tables live in ``ontology/data/*.tsv`` (facts copied from the public CAMEO/GDELT lookup
tables and the PLOVER crosswalk, plus our own documented reverse choice), loaded lazily once.
"""

from shiftwatch.ontology.tables import (
    COUNTED_MODALITIES,
    MODALITIES,
    PLOVER_TYPES,
    QUAD_COLUMNS,
    QUAD_NAMES,
    SECTORS,
    CameoCode,
    PloverType,
    cameo_code,
    cameo_codes,
    choose_cameo,
    plover_type,
    plover_types,
    quad_class,
)

__all__ = [
    "COUNTED_MODALITIES",
    "MODALITIES",
    "PLOVER_TYPES",
    "QUAD_COLUMNS",
    "QUAD_NAMES",
    "SECTORS",
    "CameoCode",
    "PloverType",
    "cameo_code",
    "cameo_codes",
    "choose_cameo",
    "plover_type",
    "plover_types",
    "quad_class",
]
