"""The workforce app's tables: workers, their dated states and each firm's roster by day (workers.py),
origin risk levels and open positions (origins.py), charter trips (trips.py)."""
from lianfu.workforce.models.origins import OpenPosition, OriginRisk
from lianfu.workforce.models.trips import Trip, TripPlan, TripSeat
from lianfu.workforce.models.workers import RosterDay, Worker, WorkerStateChange

__all__ = ["OpenPosition", "OriginRisk", "RosterDay", "Trip", "TripPlan", "TripSeat", "Worker", "WorkerStateChange"]
