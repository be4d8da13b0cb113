using System.Globalization;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Chain.Fleet;

namespace OliMove.Edge.Fleet;

/// <summary>The fleet view as a text table for <c>olimove-edge fleet</c>: one line per site, then the totals and the published versions.</summary>
public static class FleetTable
{
    public static async Task WriteAsync(TextWriter output, FleetView view, ChainAddresses addresses)
    {
        var ci = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(ci,
            $"Fleet on chain {view.ChainId}: AssetStatus {addresses.AssetStatus}, ChargingSettlement {addresses.ChargingSettlement}, blocks {view.FromBlock}–{view.ToBlock} ({view.LogRequests} log page(s))"));
        await output.WriteLineAsync(string.Create(ci,
            $"{"site",-20} {"site id",-12} {"slots",6} {"first slot",-17} {"last slot",-17} {"energy kWh",11} {"sessions",8} {"tokens",14} {"versions (slots)",-16} last verification"));
        foreach (var s in view.Sites)
        {
            var versions = s.AlgorithmVersions.Count == 0 ? "–" : string.Join(" ", s.AlgorithmVersions.Select(v => string.Create(ci, $"v{v.Version}({v.Slots})")));
            await output.WriteLineAsync(string.Create(ci,
                $"{Cut(s.Name ?? "(not registered)", 20),-20} {Short(s.SiteIdHex),-12} {s.SlotsCommitted,6} {Slot(s.FirstSlot),-17} {Slot(s.LastSlot),-17} {s.EnergyWh / 1000m,11:0.000} {s.SessionsSettled,8} {FlexTokenClient.ToTokens(s.TokensBaseUnits),14:0.######} {versions,-16} {Verification(s.LastVerification)}"));
        }

        await output.WriteLineAsync(string.Create(ci,
            $"{"total",-20} {view.Sites.Count + " site(s)",-12} {view.SlotsCommitted,6} {"",-17} {"",-17} {view.EnergyWh / 1000m,11:0.000} {view.SessionsSettled,8} {FlexTokenClient.ToTokens(view.TokensBaseUnits),14:0.######}"));
        foreach (var a in view.Algorithms)
        {
            await output.WriteLineAsync(string.Create(ci, $"version {a.Version}: code SHA-256 {a.CodeHash}, parameters {a.ParametersHash} ({a.Description})"));
        }

        await output.WriteLineAsync("Energy, sessions and tokens are sums of each site's Settled events; last verification is the site's newest slot commitment (as far as `verify` with its archive reaches), checked against the commitment the contract stores.");
    }

    private static string Slot(FleetSlot? slot) => slot is null ? "–" : slot.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Verification(FleetLastCommitment? last) => last is null ? "none: no slot committed"
        : string.Create(CultureInfo.InvariantCulture,
            $"slot {Slot(last.Slot)} in block {last.BlockNumber} at {last.BlockTime.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z: {(last.CommitmentMatches ? "commitment matches" : "MISMATCH: stored commitment differs from its event")}, {(last.AlgorithmPublished ? $"v{last.AlgorithmVersion} published" : $"MISMATCH: v{last.AlgorithmVersion} not in the registry")}");

    private static string Short(string hex) => hex.Length > 12 ? hex[..10] + "…" : hex;

    private static string Cut(string text, int width) => text.Length > width ? text[..(width - 1)] + "…" : text;
}
