"""The workforce app's tables: workers and their dated states (workers.py),
origin risk levels and open positions (origins.py), charter trips (trips.py)."""
from lianfu.workforce.models.origins import OpenPosition, OriginRisk
from lianfu.workforce.models.trips import Trip, TripPlan, TripSeat
from lianfu.workforce.models.workers import Worker, WorkerStateChange

__all__ = ["OpenPosition", "OriginRisk", "Trip", "TripPlan", "TripSeat", "Worker", "WorkerStateChange"]
