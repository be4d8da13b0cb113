using System.Globalization;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Chain.Fleet;

namespace OliMove.Edge.Fleet;

/// <summary>
/// The fleet view as JSON, one shape for <c>GET /api/v1/fleet</c> and <c>olimove-edge fleet --json</c>. Amounts
/// that can exceed 2^53 (token base units, milli-cents) are strings, as in the receipts' <c>tokensBaseUnits</c>.
/// </summary>
public static class FleetDocument
{
    public static object From(FleetView view, ChainAddresses addresses, string? thisSiteIdHex = null) => new
    {
        view.ChainId,
        view.FromBlock,
        view.ToBlock,
        view.LogRequests,
        contracts = new { addresses.AssetRegistry, addresses.AssetStatus, addresses.ChargingSettlement, addresses.AlgorithmRegistry, addresses.FlexToken },
        totals = new
        {
            sites = view.Sites.Count,
            view.SlotsCommitted,
            view.EnergyWh,
            view.SessionsSettled,
            tokensBaseUnits = view.TokensBaseUnits.ToString(CultureInfo.InvariantCulture),
            tokens = FlexTokenClient.ToTokens(view.TokensBaseUnits),
        },
        sites = view.Sites.Select(s => new
        {
            siteId = s.SiteIdHex,
            s.Name,
            s.Operator,
            thisSite = string.Equals(s.SiteIdHex, thisSiteIdHex, StringComparison.OrdinalIgnoreCase),
            s.SlotsCommitted,
            firstSlot = Slot(s.FirstSlot),
            lastSlot = Slot(s.LastSlot),
            s.StatusRows,
            s.EnergyWh,
            s.SessionsSettled,
            billMilliCents = s.BillMilliCents.ToString(CultureInfo.InvariantCulture),
            tokensBaseUnits = s.TokensBaseUnits.ToString(CultureInfo.InvariantCulture),
            tokens = FlexTokenClient.ToTokens(s.TokensBaseUnits),
            algorithmVersions = s.AlgorithmVersions.Select(v => new { v.Version, v.Slots, v.CodeHash }),
            lastVerification = s.LastVerification is not { } last ? null : new
            {
                last.Slot.SlotId,
                slotStart = last.Slot.Start,
                last.AlgorithmVersion,
                last.BlockNumber,
                last.BlockTime,
                last.CommitmentMatches,
                last.AlgorithmPublished,
            },
        }),
        algorithms = view.Algorithms.Select(a => new { a.Version, a.CodeHash, a.ParametersHash, a.Description }),
    };

    private static object? Slot(FleetSlot? slot) => slot is null ? null : new { slot.SlotId, start = slot.Start };
}
