"""The order in which the greedy chain visits a unit's cities: a short open path.

The chain fills vehicles city after city; a vehicle that spans a hop between
two cities that are not close must close partly empty. A shortest open path
through the cities (a travelling-salesman path, by the OR-Tools routing solver)
makes hops short, and a heavy penalty on hops that are not close makes it avoid
them first. The routing search stops at its first local optimum, so the order
is a function of the input.
"""
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from .closeness import CityCloseness

FAR_HOP_PENALTY_KM = 100_000  # a hop between cities that are not close costs this much more
SAFETY_LIMIT_S = 2            # never reached on a unit's few hundred cities


def city_path(cities: list[str], closeness: CityCloseness) -> list[str]:
    cities = sorted(cities)
    if len(cities) <= 2:
        return cities
    count = len(cities)
    # The extra node (the depot) joins both ends of the path at no cost.
    matrix = [[0] * (count + 1) for _ in range(count + 1)]
    for i, a in enumerate(cities):
        for j, b in enumerate(cities):
            if i != j:
                km = closeness.distance_km(a, b)
                matrix[i][j] = (0 if km is None else round(km)) + (0 if closeness.close(a, b) else FAR_HOP_PENALTY_KM)
    manager = pywrapcp.RoutingIndexManager(count + 1, 1, count)
    routing = pywrapcp.RoutingModel(manager)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(matrix))
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    parameters.time_limit.FromSeconds(SAFETY_LIMIT_S)
    solution = routing.SolveWithParameters(parameters)
    if solution is None:
        return cities
    order, index = [], solution.Value(routing.NextVar(routing.Start(0)))
    while not routing.IsEnd(index):
        order.append(cities[manager.IndexToNode(index)])
        index = solution.Value(routing.NextVar(index))
    return order
