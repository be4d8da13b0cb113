using System.Net;
using OliMove.Edge.Configuration;
using OliMove.SiteMap;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Security;

/// <summary>
/// Settings that must never reach a real site, found before the service starts (decision 0249): anvil's public dev
/// keys on a chain other than anvil's, the demo's public viewer token and charger keys outside <c>--demo</c>, the API
/// opened to the network over plain http, and chargers without authentication on a non-loopback address. Each finding
/// is one line naming the key to change; the values themselves are never printed.
/// </summary>
public static class UnsafeConfiguration
{
    /// <summary>anvil's dev chain id: its well-known keys are harmless there and nowhere else.</summary>
    public const long DevChainId = 31337;

    /// <summary>SHA-256 of "olimove-demo-viewer-token", the viewer token config/demo.json ships with.</summary>
    public const string DemoViewerTokenSha256 = "f79091ab8cc6de6be58ce9a75b62ae63cbdefbec39631a002e8f5f90b53564f0";

    /// <summary>The demo site maps' AuthorizationKeys are "demo-key-&lt;chargePointId&gt;" (site-maps/demo.yaml).</summary>
    public const string DemoKeyPrefix = "demo-key-";

    /// <summary>
    /// anvil's ten funded accounts (mnemonic "test test ... junk"), published in anvil's banner and every tutorial:
    /// on any chain but 31337 whoever reads them can sign as the site operator.
    /// </summary>
    public static readonly IReadOnlyList<string> AnvilDevPrivateKeys =
    [
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    /// <summary>Every unsafe setting, one line each naming its key; empty when the configuration may start.</summary>
    /// <param name="demo">The service runs with <c>--demo</c>: the demo's public token and charger keys are allowed.</param>
    public static async Task<IReadOnlyList<string>> FindAsync(EdgeOptions options, SiteTopology topology, bool demo, CancellationToken ct)
    {
        var findings = new List<string>();
        if (options.Chain.ChainId != DevChainId && await AnvilKeyIndexAsync(options.Chain.OperatorKeyFile, ct) is { } index)
        {
            findings.Add($"Chain.OperatorKeyFile: '{options.Chain.OperatorKeyFile}' holds anvil's public dev key #{index}, but Chain.ChainId is {options.Chain.ChainId}, not the dev chain {DevChainId}: anyone could sign as this site; use a key of your own");
        }

        if (!demo)
        {
            foreach (var token in options.Api.Tokens.Where(t => string.Equals(t.Sha256, DemoViewerTokenSha256, StringComparison.OrdinalIgnoreCase)))
            {
                findings.Add($"Api.Tokens '{token.Name}': this is the demo's public viewer token; make one of your own (`olimove-edge api hash-token`), or run with --demo");
            }

            findings.AddRange(await DemoKeyChargersAsync(topology, ct));
        }

        var open = options.Urls.Where(u => !IsLoopback(u)).ToList();
        if (options.Api.AllowRemote && open.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) is { } plain)
        {
            findings.Add($"Api.AllowRemote is true but Urls has '{plain}', plain http off loopback: tokens and passwords would cross the network in clear; listen with https:// only, or keep Api.AllowRemote false");
        }

        if (options.Ocpp.SecurityProfile == 0 && open.Count > 0)
        {
            findings.Add($"Ocpp.SecurityProfile is 0 (no authentication) but Urls has '{open[0]}', not loopback: any device on the network could act as a charger; use profile 1 or 2");
        }

        return findings;
    }

    /// <summary>True when the URL's host is a loopback address or "localhost".</summary>
    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private static async Task<int?> AnvilKeyIndexAsync(string? keyFile, CancellationToken ct)
    {
        if (keyFile is null || !File.Exists(keyFile))
        {
            return null;
        }

        var key = (await File.ReadAllTextAsync(keyFile, ct)).Trim();
        if (key.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            key = key[2..];
        }

        for (var i = 0; i < AnvilDevPrivateKeys.Count; i++)
        {
            if (string.Equals(key, AnvilDevPrivateKeys[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// Charge points whose stored hash is that of the public demo key. The hashes are salted, so each costs one PBKDF2
    /// (~105 ms of CPU), run on all cores: a 100-charger site starts ~5 s of CPU later (decision 0249).
    /// </summary>
    private static async Task<IEnumerable<string>> DemoKeyChargersAsync(SiteTopology topology, CancellationToken ct)
    {
        var found = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            topology.ChargePoints.Where(c => c.AuthorizationKeyHash is not null),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            (charger, _) =>
            {
                if (AuthorizationKeyHash.Verify(DemoKeyPrefix + charger.ChargePointId, charger.AuthorizationKeyHash!))
                {
                    found.Add(charger.ChargePointId);
                }

                return ValueTask.CompletedTask;
            });
        return found.Order(StringComparer.Ordinal).Select(id =>
            $"SiteMap: charge point {id} has the demo's public key (authorizationKeyHash of '{DemoKeyPrefix}{id}'); give it a key of its own (`olimove-edge site hash-key`), or run with --demo");
    }
}
