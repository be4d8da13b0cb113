using Microsoft.Playwright;
using OliMove.Edge.Prices;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;
using static Microsoft.Playwright.Assertions;

namespace OliMove.Edge.WebTests;

/// <summary>The driver's app on a phone with the SCE tariff configured: the expected cost, the saving, and the receipt's energy cost.</summary>
[Collection(BrowserCollection.Name)]
public class AppCostBrowserTests(BrowserFixture browser)
{
    private static BrowserNewContextOptions Phone => new() { ViewportSize = new ViewportSize { Width = 360, Height = 740 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true };

    [Fact]
    public async Task The_app_shows_the_expected_cost_and_the_receipt_the_energy_cost_at_the_slot_prices()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap, o => o.Prices.Tariff = CheapNowTariff.Write(DateTimeOffset.UtcNow));
        using (var http = new HttpClient())
        {
            (await site.Host.Get<EnergySignalSource>().RefreshAsync(http, CancellationToken.None)).Should().BeEmpty();
        }

        var cp = await site.ChargePointAsync("OLI-DEMO-01");
        await using var context = await browser.Browser.NewContextAsync(Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(site.Host.BaseUri, "app/?signup").ToString());
        await page.FillAsync("#login", "ada");
        await page.FillAsync("#password", "correct horse battery");
        await page.FillAsync("#idtag", "TAG-ADA");
        await page.ClickAsync("#auth-submit");
        // 600,000 PBKDF2 iterations at sign-up (decision 0244) take seconds on a loaded box.
        await Expect(page.Locator("#ask")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.FillAsync("#energy", "10");
        await page.EvaluateAsync("() => { const d = new Date(Date.now() + 180 * 60000); const el = document.querySelector('#departure'); el.value = String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0'); }");
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("[data-testid=accepted]")).ToContainTextAsync("Guaranteed");

        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(11_000));
        await Expect(page.Locator("#p-title")).ToHaveTextAsync("Charging", new() { Timeout = 20_000 });
        // The cost appears once the session is planned with the tariff's prices (re-read on every change, or every 15 s).
        await Expect(page.Locator("[data-testid=cost-expected]")).ToContainTextAsync("USD", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=expected-cost]")).ToContainTextAsync("at this site's slot prices");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "app-cost.png"), FullPage = true });

        cp.Advance(DateTimeOffset.UtcNow.AddMinutes(5));
        await cp.SampleMeterValuesAsync();
        await cp.StopTransactionAsync(1);
        await Expect(page.Locator("#receipt")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=r-energy-cost]")).ToContainTextAsync("USD", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=r-energy-cost]")).ToContainTextAsync("Your bill is the site's tariff");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "app-receipt-energy-cost.png"), FullPage = true });
    }
}
