namespace OliMove.Chain.Fleet;

/// <summary>A committed slot: its id (quarter hours since the Unix epoch) and its start.</summary>
public sealed record FleetSlot(ulong SlotId)
{
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeSeconds((long)SlotId * 900);
}
