namespace OliMove.Edge.Prices;

/// <summary>
/// What a request's charge is expected to cost at the slot prices of its plan, and what smart charging saves against
/// charging the same energy at once (docs/prices.md). Amounts in <paramref name="Currency"/>, to the cent.
/// </summary>
/// <param name="SoFar">The energy already metered, at the slot prices paid (<see cref="EnergyCostView"/>).</param>
/// <param name="Expected">SoFar plus the energy still planned at its slots' prices.</param>
/// <param name="AtOnce">SoFar plus the same planned energy charged at once, at the session's max power from now.</param>
/// <param name="Saves">AtOnce − Expected: what planning by price saves (0 or more when prices rise later).</param>
/// <param name="PlannedKWh">The energy still planned.</param>
public sealed record PlanCostView(string Currency, decimal SoFar, decimal Expected, decimal AtOnce, decimal Saves, double PlannedKWh);
