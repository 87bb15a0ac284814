"""Scenario files: YAML in, a checked and immutable `game.core.model.Scenario` out."""

from game.scenario.diagnostics import Diagnostic, ScenarioError
from game.scenario.loader import Loaded, load_bytes, load_scenario, validate_file

__all__ = ["Diagnostic", "Loaded", "ScenarioError", "load_bytes", "load_scenario", "validate_file"]
