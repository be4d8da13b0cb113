using OliMove.SiteMap.Model;
using OliMove.Storage;

namespace OliMove.Edge.Metering;

/// <summary>
/// Where a circuit's measured other load comes from now (decision 0351) and its value: the circuit's own meter
/// (<see cref="OtherLoadSource.Circuit"/>); meters on its other loads, the unmetered or failing ones at their declared
/// worst case (<see cref="OtherLoadSource.Load"/>, with <see cref="Loads"/>); or the grid meter's residual as an upper
/// bound of the declared worst case (<see cref="OtherLoadSource.Grid"/>, with <see cref="GridMeterId"/> and
/// <see cref="GridResidual"/>).
/// </summary>
public sealed record CircuitOtherLoad(OtherLoadSource Source, MeasuredLoad Now)
{
    /// <summary>With <see cref="OtherLoadSource.Load"/>: every other load on and below the circuit, measured or (null) static.</summary>
    public IReadOnlyList<(OtherLoadDefinition Load, string? MeterId, MeasuredLoad? Measured)> Loads { get; init; } = [];

    /// <summary>With <see cref="OtherLoadSource.Grid"/>: the grid meter.</summary>
    public string? GridMeterId { get; init; }

    /// <summary>With <see cref="OtherLoadSource.Grid"/>: the whole residual (the bound before the declared worst case caps it).</summary>
    public MeasuredLoad? GridResidual { get; init; }

    /// <summary>The meters this value rests on.</summary>
    public IEnumerable<string> MeterIds => Source == OtherLoadSource.Grid ? [GridMeterId!] : Loads.Where(l => l.MeterId is not null).Select(l => l.MeterId!);
}
