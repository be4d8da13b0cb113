namespace OliMove.Edge.Prices;

/// <summary>
/// A session's energy at the slot prices actually paid (docs/prices.md): the metered energy of each 15-minute slot
/// times the import price its archived plan carried. Not the bill: the CPO's tariff on chain is the bill.
/// </summary>
/// <param name="Cost">The priced energy's cost in <paramref name="Currency"/>, to the cent.</param>
/// <param name="PricedKWh">Metered energy in slots whose archived plan carried an import price.</param>
/// <param name="UnpricedKWh">Metered energy in slots without one (no signals then, or the plan no longer archived).</param>
public sealed record EnergyCostView(string Currency, decimal Cost, double PricedKWh, double UnpricedKWh);
