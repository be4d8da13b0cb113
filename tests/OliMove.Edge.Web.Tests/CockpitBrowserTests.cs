using Microsoft.Playwright;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;
using static Microsoft.Playwright.Assertions;

namespace OliMove.Edge.WebTests;

/// <summary>The cockpit in a real browser against the real service fed by simulated charge points.</summary>
[Collection(BrowserCollection.Name)]
public class CockpitBrowserTests(BrowserFixture browser)
{
    private static async Task<IPage> OpenCockpitAsync(IBrowserContext context, WebTestSite site, string token)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(site.Host.BaseUri, "cockpit").ToString());
        await page.FillAsync("#token-input", token);
        await page.ClickAsync("#token-form button");
        return page;
    }

    [Fact]
    public async Task The_cockpit_shows_the_groups_and_tiles_with_measured_power_and_a_live_change_within_two_seconds()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp3 = await site.ChargePointAsync("OLI-DEMO-03");
        await cp3.StatusAsync(1, ChargePointStatus.Charging);
        await cp3.StartTransactionAsync(1, "TAG-COCKPIT", new FixedLimitCar(7_000));
        await cp3.SampleMeterValuesAsync();
        var cp4 = await site.ChargePointAsync("OLI-DEMO-04");
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await OpenCockpitAsync(context, site, WebTestSite.OperatorToken);

        await Expect(page.Locator("[data-testid=group]")).ToHaveCountAsync(2);
        var tile3 = page.Locator("[data-cp='OLI-DEMO-03']");
        await Expect(tile3.Locator("[data-testid=power] .measured")).ToHaveTextAsync("7.0");
        await Expect(tile3.Locator(".status")).ToHaveTextAsync("Charging");
        await Expect(page.Locator("[data-group='cabinet-a'] .group-numbers")).ToContainTextAsync("7.0 kW charging");

        await cp4.StatusAsync(1, ChargePointStatus.Charging);
        await cp4.StartTransactionAsync(1, "TAG-LIVE", new FixedLimitCar(3_500));
        await cp4.SampleMeterValuesAsync();
        await Expect(page.Locator("[data-cp='OLI-DEMO-04'] [data-testid=power] .measured")).ToHaveTextAsync("3.5", new() { Timeout = 2000 });

        await page.Locator("[data-cp='OLI-DEMO-03'] button[data-act=unlock]").ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("Unlock OLI-DEMO-03 #1:");
        cp3.ReceivedActions.Should().Contain("UnlockConnector");
        await Expect(page.Locator("[data-testid=data-age]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\d+ s$"));
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.chart canvas').length === 2");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "cockpit.png"), FullPage = true });
    }

    [Fact]
    public async Task A_viewer_token_sees_the_actions_disabled_with_the_reason_and_cannot_run_them()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-03");
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 820, Height = 1180 } });
        var page = await OpenCockpitAsync(context, site, WebTestSite.ViewerToken);

        var unlock = page.Locator("[data-cp='OLI-DEMO-03'] button[data-act=unlock]");
        await Expect(unlock).ToBeDisabledAsync();
        await Expect(unlock).ToHaveAttributeAsync("title", "needs an operator token");
        await Expect(page.Locator("#whoami")).ToContainTextAsync("viewer");

        // Even with the button forced, the server refuses: the page cannot do what the token may not.
        await page.EvaluateAsync("() => { const b = document.querySelector(\"[data-cp='OLI-DEMO-03'] button[data-act=unlock]\"); b.disabled = false; b.click(); }");
        await Expect(page.Locator("#toast")).ToContainTextAsync("not allowed");
        cp.ReceivedActions.Should().NotContain("UnlockConnector");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "cockpit-tablet-viewer.png"), FullPage = false });
    }

    [Fact]
    public async Task A_tile_shows_the_backend_limit_on_its_charger_and_drops_it_once_the_backend_clears_it()
    {
        await using var site = await WebTestSite.StartAsync();
        var backend = site.Host.Get<OliMove.Edge.Upstream.IBackendSmartCharging>();
        var max = new SetChargingProfileRequest
        {
            ConnectorId = 0,
            CsChargingProfiles = new ChargingProfile
            {
                ChargingProfileId = 930,
                StackLevel = 1,
                ChargingProfilePurpose = ChargingProfilePurposeType.ChargePointMaxProfile,
                ChargingProfileKind = ChargingProfileKindType.Absolute,
                ChargingSchedule = new ChargingSchedule
                {
                    ChargingRateUnit = ChargingRateUnitType.W,
                    StartSchedule = DateTimeOffset.UtcNow.AddHours(-1),
                    ChargingSchedulePeriod = [new ChargingSchedulePeriod { StartPeriod = 0, Limit = 6_000 }],
                },
            },
        };
        (await backend.SetChargingProfileAsync("OLI-DEMO-03", max, CancellationToken.None)).Status.Should().Be(ChargingProfileStatus.Accepted);
        var cp3 = await site.ChargePointAsync("OLI-DEMO-03");
        await site.ChargePointAsync("OLI-DEMO-04");
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await OpenCockpitAsync(context, site, WebTestSite.ViewerToken);

        var line = page.Locator("[data-cp='OLI-DEMO-03'] [data-testid=backend-limit]");
        await Expect(line).ToHaveTextAsync("Backend limit charger 6.0 kW");
        await Expect(line).ToHaveAttributeAsync("title", "ChargePointMaxProfile #930 on connector 0, stack level 1");
        await Expect(page.Locator("[data-cp='OLI-DEMO-04'] [data-testid=backend-limit]")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "cockpit-backend-limit.png"), FullPage = true });

        (await backend.ClearChargingProfileAsync("OLI-DEMO-03", new ClearChargingProfileRequest { Id = 930 }, CancellationToken.None)).Status
            .Should().Be(ClearChargingProfileStatus.Accepted);
        await cp3.StatusAsync(1, ChargePointStatus.Preparing); // any change of the charger sends its tile again
        await Expect(line).ToBeHiddenAsync();
    }
}
