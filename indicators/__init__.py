"""Indicator systems as data: load and validate the YAML that drives discovery and scoring."""

from indicators.loader import DEFAULT_PATH, IndicatorSystemError, load_system
from indicators.model import (
    ColumnSpec,
    GroupSpec,
    IndicatorSpec,
    IndicatorSystem,
    InterpretationRule,
    VetoRule,
)

__all__ = [
    "DEFAULT_PATH",
    "ColumnSpec",
    "GroupSpec",
    "IndicatorSpec",
    "IndicatorSystem",
    "IndicatorSystemError",
    "InterpretationRule",
    "VetoRule",
    "load_system",
]
