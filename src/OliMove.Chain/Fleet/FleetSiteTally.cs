using System.Numerics;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Fleet;

/// <summary>One site's running sums while <see cref="FleetReader"/> folds the events in block order.</summary>
internal sealed class FleetSiteTally(string siteIdHex)
{
    private readonly HashSet<ulong> _slots = [];
    private readonly Dictionary<uint, int> _versions = [];

    public string SiteIdHex { get; } = siteIdHex;

    public byte[] SiteId { get; } = Convert.FromHexString(siteIdHex[2..]);

    public string? Name { get; private set; }

    public string? Operator { get; private set; }

    public long StatusRows { get; private set; }

    public long EnergyWh { get; private set; }

    public int SessionsSettled { get; private set; }

    public BigInteger BillMilliCents { get; private set; }

    public BigInteger TokensBaseUnits { get; private set; }

    /// <summary>The commitment of the highest slot id and the block it landed in.</summary>
    public (SlotCommittedEvent Event, long Block)? Newest { get; private set; }

    public int SlotsCommitted => _slots.Count;

    public IReadOnlyDictionary<uint, int> Versions => _versions;

    public FleetSlot? FirstSlot => _slots.Count == 0 ? null : new FleetSlot(_slots.Min());

    public FleetSlot? LastSlot => _slots.Count == 0 ? null : new FleetSlot(_slots.Max());

    /// <summary>A later registration (a re-join with a new account or name) replaces the earlier one.</summary>
    public void Registered(SiteRegisteredEvent e)
    {
        Name = e.Name;
        Operator = e.Operator;
    }

    public void Committed(SlotCommittedEvent e, long block)
    {
        // The contract refuses a second record of a slot; a set still keeps a count of slots, not of events.
        if (!_slots.Add(e.SlotId))
        {
            return;
        }

        StatusRows += e.RowCount;
        _versions[e.AlgorithmVersion] = _versions.GetValueOrDefault(e.AlgorithmVersion) + 1;
        if (Newest is not { } newest || e.SlotId > newest.Event.SlotId)
        {
            Newest = (e, block);
        }
    }

    public void Settled(SettledEvent e)
    {
        EnergyWh += e.EnergyWh;
        SessionsSettled++;
        BillMilliCents += e.BillMilliCents;
        TokensBaseUnits += e.Tokens;
    }
}
