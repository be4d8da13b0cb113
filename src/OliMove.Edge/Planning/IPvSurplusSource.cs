namespace OliMove.Edge.Planning;

/// <summary>PV power expected per slot from the inverters feeding a circuit: usable as surplus, never guaranteed.</summary>
public interface IPvSurplusSource
{
    /// <summary>One value per slot from <paramref name="slotStart"/>; slot 0 is what is measured now (0 W when stale).</summary>
    IReadOnlyList<long> SurplusW(IReadOnlyList<string> inverterIds, DateTimeOffset slotStart, int horizonSlots, DateTimeOffset now);
}
