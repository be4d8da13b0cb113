using Microsoft.Playwright;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;
using static Microsoft.Playwright.Assertions;

namespace OliMove.Edge.WebTests;

/// <summary>
/// The fleet page in a real browser, on a real anvil: this edge's site and another site of the same CPO, whose
/// records the test writes with that site's own operator key, read back from the contracts' events.
/// </summary>
[Collection(BrowserCollection.Name)]
public class FleetBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_fleet_page_lists_every_site_of_the_contracts_with_its_slots_energy_sessions_tokens_and_last_verification()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-fleet-page-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await using var anvil = await AnvilNode.StartAsync();
        var admin = ChainConnection.Create(anvil.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        var addresses = await new ContractDeployer(admin.Web3).DeployAsync(new DeploymentSettings(admin.Address, 30, DeploymentSettings.OneTokenPerKWhH));
        var addressesFile = Path.Combine(directory, "addresses.json");
        await addresses.SaveAsync(addressesFile);
        var demoOperator = Path.Combine(directory, "demo.key");
        await File.WriteAllTextAsync(demoOperator, AnvilNode.DevPrivateKeys[1]);
        var joiner = new SiteJoiner(admin.Web3, addresses);
        await joiner.JoinAsync(new ChainSite("demo"), new Nethereum.Web3.Accounts.Account(AnvilNode.DevPrivateKeys[1]).Address, "OliMove demo site");

        // Another site of the CPO: two slots with version 1 and one settled session of 12.345 kWh, 6 kWh·h flexible.
        var elsewhere = new ChainSite("elsewhere");
        var other = ChainConnection.Create(anvil.RpcUrl, AnvilNode.DevPrivateKeys[2], 31337);
        await joiner.JoinAsync(elsewhere, other.Address, "Elsewhere depot");
        await new AlgorithmRegistryClient(other.Web3, addresses.AlgorithmRegistry).PublishAsync(1, Hash(1), Hash(2), "another build");
        var status = new AssetStatusClient(other.Web3, addresses.AssetStatus);
        PackedStatusRow[] rows = [new(1, AssetStatusCode.Charging, 7_000, 6_900, 1_000, 600)];
        await status.RecordSlotAsync(elsewhere.Id, 1_900_000, 1, Hash(3), Hash(4), rows);
        await status.RecordSlotAsync(elsewhere.Id, 1_900_001, 1, Hash(5), Hash(6), rows);
        await new ChargingSettlementClient(other.Web3, addresses.ChargingSettlement).SettleAsync(elsewhere.Id,
            [new SessionSettlementStruct { SessionNumber = ChainIds.SessionNumber("tx-1"), User = Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress(), EnergyWh = 12_345, FlexibilityWhH = 6_000 }]);

        try
        {
            await using var site = await WebTestSite.StartAsync(configure: o =>
            {
                o.Chain.RpcUrl = anvil.RpcUrl;
                o.Chain.AddressesFile = addressesFile;
                o.Chain.OperatorKeyFile = demoOperator;
            });
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 700 } });
            await using var _ = context;
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(site.Host.BaseUri, "fleet").ToString());
            await page.FillAsync("#token-input", WebTestSite.ViewerToken);
            await page.ClickAsync("#token-form button");

            var rowsOnPage = page.Locator("#sites tbody tr");
            await Expect(rowsOnPage).ToHaveCountAsync(2, new() { Timeout = 20_000 });
            await Expect(page.Locator("[data-testid=kpi-sites]")).ToHaveTextAsync("2");
            var otherRow = page.Locator($"tr[data-site-id='{elsewhere.IdHex}'] td");
            await Expect(otherRow.Nth(0)).ToHaveTextAsync("Elsewhere depot");
            await Expect(otherRow.Nth(2)).ToHaveTextAsync("2");
            await Expect(otherRow.Nth(3)).ToHaveTextAsync(SiteTime(1_900_000));
            await Expect(otherRow.Nth(4)).ToHaveTextAsync(SiteTime(1_900_001));
            await Expect(otherRow.Nth(5)).ToHaveTextAsync("12.345");
            await Expect(otherRow.Nth(6)).ToHaveTextAsync("1");
            await Expect(otherRow.Nth(7)).ToHaveTextAsync("6");
            await Expect(otherRow.Nth(8)).ToHaveTextAsync("v1 (2)");
            await Expect(otherRow.Nth(9)).ToContainTextAsync($"slot {SiteTime(1_900_001)}");
            await Expect(otherRow.Nth(9)).ToContainTextAsync("matches");
            await Expect(page.Locator($"tr[data-site-id='{new ChainSite("demo").IdHex}'] td").First).ToHaveTextAsync("OliMove demo site · this site");
            await Expect(page.Locator("[data-testid=fleet-summary]")).ToContainTextAsync($"Chain 31337, blocks {addresses.DeployedAtBlock}–");
            await Expect(page.Locator("#nav a[aria-current=page]")).ToHaveTextAsync("Fleet");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "cockpit-fleet.png"), FullPage = true });
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static byte[] Hash(byte seed) => Enumerable.Repeat(seed, 32).ToArray();

    // The demo site map's zone (Europe/Berlin), as the page shows times: dd/MM/yyyy, HH:mm.
    private static string SiteTime(long slotId) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(slotId * 900), TimeZoneInfo.FindSystemTimeZoneById(DemoSiteTimeZone()))
            .ToString("dd/MM/yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    // The page shows times in the edge's own site zone: the demo site map's (WebTestSite's default).
    private static string DemoSiteTimeZone() =>
        OliMove.SiteMap.SiteMapLoader.LoadString(File.ReadAllText(Path.Combine(OliMove.Edge.Testing.EdgeTestHost.RepoRoot(), "site-maps", "demo.yaml"))).Map!.TimeZone;
}
