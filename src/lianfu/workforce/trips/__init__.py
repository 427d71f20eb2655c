"""Charter-trip packing: bring migrant workers home with the fewest vehicles.

Pure library (stdlib and OR-Tools CP-SAT; no Django): groups of workers per
(origin county, destination town) in, a Plan of vehicles out, with a lower bound
computed on its own beside it. `check_plan` verifies any plan against the rules.
"""

from .bound import lower_bound, pickup_lower_bound
from .check import PlanError, check_plan
from .closeness import EARTH_RADIUS_KM, haversine_km
from .model import Group, Plan, PlanStatus, Rules, Vehicle
from .solver import plan_trips

__all__ = [
    "EARTH_RADIUS_KM", "Group", "Plan", "PlanError", "PlanStatus", "Rules", "Vehicle",
    "check_plan", "haversine_km", "lower_bound", "pickup_lower_bound", "plan_trips",
]
