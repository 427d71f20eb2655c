"""Supply-network engine: cascades, ESRI, restart priority, stock forecast, alternatives.

Pure numerical library (numpy, scipy, numba); no Django. The equations: docs/engine.md.
Firm arguments are positions 0..n-1; `Network.firm_ids` maps them to external ids and
`Network.index_of` maps back.
"""

from .alternative_suppliers import Alternative, alternatives, supply_tree
from .cascade import EsriResult, Propagation, esri, propagate
from .daily_forecast import Forecast, forecast, schedule_from_restarts
from .generator import generate, generate_hidden
from .io import load_dir, save_dir
from .network import Network
from .restart import RestartPriority, restart_priority

__all__ = [
    "Alternative", "EsriResult", "Forecast", "Network", "Propagation", "RestartPriority",
    "alternatives", "esri", "forecast", "generate", "generate_hidden", "load_dir", "propagate",
    "restart_priority", "save_dir", "schedule_from_restarts", "supply_tree",
]
