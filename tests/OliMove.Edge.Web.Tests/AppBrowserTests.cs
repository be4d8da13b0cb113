using Microsoft.Playwright;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;
using static Microsoft.Playwright.Assertions;

namespace OliMove.Edge.WebTests;

/// <summary>The driver's app on a 360×740 phone screen against the real service and a simulated charger.</summary>
[Collection(BrowserCollection.Name)]
public class AppBrowserTests(BrowserFixture browser)
{
    private static BrowserNewContextOptions Phone => new() { ViewportSize = new ViewportSize { Width = 360, Height = 740 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true };

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);

    private static async Task SignUpAsync(IPage page, WebTestSite site, string login, string idTag)
    {
        await page.GotoAsync(new Uri(site.Host.BaseUri, "app/?signup").ToString());
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", "correct horse battery");
        await page.FillAsync("#idtag", idTag);
        await page.ClickAsync("#auth-submit");
        // Sign-up hashes the password with 600,000 PBKDF2 iterations (decision 0244): ~0.3 s on an idle box, several
        // seconds on a loaded one, so the default 5 s would time the hash rather than the page.
        await Expect(page.Locator("#ask")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#card-note")).ToContainTextAsync(idTag);
    }

    [Fact]
    public async Task Sign_up_ask_take_the_counter_offer_follow_progress_and_read_the_receipt()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var cp = await site.ChargePointAsync("OLI-DEMO-01");
        await using var context = await browser.Browser.NewContextAsync(Phone);
        var page = await context.NewPageAsync();

        await SignUpAsync(page, site, "ada", "TAG-ADA");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("app-request.png") });
        await page.FillAsync("#energy", "40");
        // About 11 kW are guaranteed here: 40 kWh in 70 minutes cannot be promised.
        await page.EvaluateAsync("() => { const d = new Date(Date.now() + 70 * 60000); const el = document.querySelector('#departure'); el.value = String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0'); }");
        var submit = page.Locator("#submit");
        (await submit.BoundingBoxAsync())!.Height.Should().BeGreaterThanOrEqualTo(48);
        await submit.ClickAsync();

        var offer = page.Locator("[data-testid=counter-offer]");
        await Expect(offer).ToBeVisibleAsync();
        await Expect(page.Locator("#answer")).ToHaveAttributeAsync("aria-live", "polite");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("app-counter-offer.png") });
        await offer.Locator("button[data-take=energy]").ClickAsync();
        await Expect(page.Locator("[data-testid=accepted]")).ToContainTextAsync("Guaranteed");

        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(11_000));
        await Expect(page.Locator("#p-title")).ToHaveTextAsync("Charging", new() { Timeout = 15000 });
        await Expect(page.Locator("#card-note")).ToBeHiddenAsync(new() { Timeout = 15000 }); // the start bound TAG-ADA
        // The charger's register advances as simulated time passes; each sample reaches the app over SSE.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await page.Locator("[data-testid=kwh-added]").TextContentAsync() == "0.0" && DateTime.UtcNow < deadline)
        {
            cp.Advance(DateTimeOffset.UtcNow.AddMinutes(10));
            await cp.SampleMeterValuesAsync();
            await Task.Delay(300);
        }

        await Expect(page.Locator("[data-testid=kwh-added]")).Not.ToHaveTextAsync("0.0");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("app-progress.png"), FullPage = true });

        await cp.StopTransactionAsync(1);
        await Expect(page.Locator("#receipt")).ToBeVisibleAsync(new() { Timeout = 20000 });
        await Expect(page.Locator("[data-testid=r-bill]")).ToContainTextAsync("EUR");
        await Expect(page.Locator("[data-testid=r-tokens-earned]")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#r-flex")).Not.ToBeEmptyAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("app-receipt.png"), FullPage = true });

        // A second driver on another phone sees none of it.
        await using var other = await browser.Browser.NewContextAsync(Phone);
        var bobPage = await other.NewPageAsync();
        await SignUpAsync(bobPage, site, "bob", "TAG-BOB");
        await Expect(bobPage.Locator("#history")).ToBeHiddenAsync();
        await Expect(bobPage.Locator("#receipt")).ToBeHiddenAsync();
        (await bobPage.ContentAsync()).Should().NotContain("TAG-ADA");
    }

    [Fact]
    public async Task The_app_says_whether_the_charger_holds_the_connector_until_the_driver_arrives()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        // This charger has no Reservation profile: the promise holds, the connector does not (decision 0171).
        await site.ChargePointAsync("OLI-DEMO-01", supportsReservations: false);
        await using var context = await browser.Browser.NewContextAsync(Phone);
        var page = await context.NewPageAsync();

        await SignUpAsync(page, site, "eve", "TAG-EVE");
        await page.FillAsync("#energy", "5");
        await page.EvaluateAsync("() => { const d = new Date(Date.now() + 180 * 60000); const el = document.querySelector('#departure'); el.value = String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0'); }");
        await page.Locator("#submit").ClickAsync();

        await Expect(page.Locator("[data-testid=accepted]")).ToContainTextAsync("Guaranteed");
        await Expect(page.Locator("[data-testid=connector-not-held]")).ToContainTextAsync("this charger cannot reserve");
        await Expect(page.Locator("[data-testid=connector-held]")).ToHaveCountAsync(0);
    }
}
