using Microsoft.Playwright;
using OliMove.Edge.Api;
using OliMove.Ocpp.Messages;
using static Microsoft.Playwright.Assertions;

namespace OliMove.Edge.WebTests;

/// <summary>The cockpit's operations pages in a real browser: sessions and CSV, energy history, alerts, remote start.</summary>
[Collection(BrowserCollection.Name)]
public class CockpitOperationsBrowserTests(BrowserFixture browser)
{
    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(WebTestSite site, string path, string token)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(site.Host.BaseUri, path).ToString());
        await page.FillAsync("#token-input", token);
        await page.ClickAsync("#token-form button");
        return (context, page);
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);

    [Fact]
    public async Task The_sessions_page_filters_by_promise_and_downloads_the_same_rows_as_csv()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        var s = await SessionHistoryApiTests.SeedAsync(site);
        var (context, page) = await OpenAsync(site, "cockpit/sessions", WebTestSite.ViewerToken);
        await using var _ = context;

        var rows = page.Locator("#sessions tbody tr");
        await Expect(rows).ToHaveCountAsync(4, new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=summary]")).ToContainTextAsync("4 sessions · times in Europe/Berlin");
        // Times in the site's zone: Alice started at 07:00Z, 08:00 in Berlin.
        await Expect(page.Locator($"tr[data-transaction-id='{s.Met}'] td").First).ToHaveTextAsync("01/12/2026, 08:00");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("cockpit-sessions.png"), FullPage = true });

        await page.SelectOptionAsync("#filters select[name=promise]", "missed");
        await page.ClickAsync("#filters button[type=submit]");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-transaction-id", s.Missed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(rows.First.Locator(".promise-missed")).ToContainTextAsync("missed");
        page.Url.Should().Contain("promise=missed");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=csv-download]"));
        download.SuggestedFilename.Should().StartWith("sessions-").And.EndWith(".csv");
        var csv = SessionHistoryApiTests.Parse(await File.ReadAllTextAsync((await download.PathAsync())!));
        csv.Should().HaveCount(2);
        csv[0].Should().Equal(SessionHistoryEndpoints.CsvHeader);
        csv[1][0].Should().Be(s.Missed.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Sorting by energy (descending first) puts the largest session on top.
        await page.SelectOptionAsync("#filters select[name=promise]", "");
        await page.ClickAsync("#filters button[type=submit]");
        await page.ClickAsync("#sessions th[data-sort=energy] button");
        await Expect(page.Locator("#sessions th[data-sort=energy]")).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(rows.First).ToHaveAttributeAsync("data-transaction-id", s.Met.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_history_page_draws_the_month_with_its_peak_against_the_grid_limit()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        await EnergyHistoryApiTests.SeedAsync(site);
        var (context, page) = await OpenAsync(site, "cockpit/history?period=month&date=2026-12-01", WebTestSite.ViewerToken);
        await using var _ = context;

        // The first answer waits for sign-in and the month's query: a shared CI machine may take a while.
        await Expect(page.Locator("[data-testid=history-title]")).ToHaveTextAsync("Site · month of 2026-12-01", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=kpi-energy]")).ToHaveTextAsync("11 kWh");
        await Expect(page.Locator("[data-testid=kpi-peak]")).ToHaveTextAsync("14.0 kW at 01/12/2026, 08:30");
        await Expect(page.Locator("[data-testid=kpi-share]")).ToHaveTextAsync("7 %");
        await Expect(page.Locator("[data-testid=power-chart] canvas")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=energy-chart] canvas")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=power-chart] .u-legend")).ToContainTextAsync("limit");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("cockpit-history-month.png"), FullPage = true });
    }

    [Fact]
    public async Task An_alert_appears_in_the_badge_list_when_a_charger_faults_and_goes_when_it_recovers()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        var cp = await site.ChargePointAsync("OLI-DEMO-03");
        var (context, page) = await OpenAsync(site, "cockpit", WebTestSite.ViewerToken);
        await using var _ = context;
        var fault = page.Locator("[data-testid=alerts-list] li[data-alert-id='charger-fault:OLI-DEMO-03/1']");
        await Expect(page.Locator("[data-cp='OLI-DEMO-03']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(fault).ToHaveCountAsync(0);

        await cp.StatusAsync(1, ChargePointStatus.Faulted, ChargePointErrorCode.GroundFailure);
        await Expect(fault).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await page.ClickAsync("#alerts-button");
        await Expect(fault).ToBeVisibleAsync();
        await Expect(fault).ToContainTextAsync("OLI-DEMO-03 connector 1 reports GroundFailure");
        await Expect(fault.Locator("a")).ToHaveAttributeAsync("href", "/cockpit/#cp-OLI-DEMO-03");
        await Expect(page.Locator("[data-testid=alert-badge]")).Not.ToHaveTextAsync("0");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("cockpit-alerts.png") });

        await cp.StatusAsync(1, ChargePointStatus.Available);
        await Expect(fault).ToHaveCountAsync(0, new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task Remote_start_from_the_page_starts_a_simulated_session_and_stop_asks_first()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        var cp = await site.ChargePointAsync("OLI-DEMO-03");
        await cp.StatusAsync(1, ChargePointStatus.Preparing);
        var (context, page) = await OpenAsync(site, "cockpit", WebTestSite.OperatorToken);
        await using var _ = context;
        var tile = page.Locator("[data-cp='OLI-DEMO-03']");
        await Expect(tile.Locator(":scope > .actions button[data-act=remote-start]")).ToBeEnabledAsync(new() { Timeout = 20_000 });

        await tile.Locator(":scope > .actions button[data-act=remote-start]").ClickAsync();
        await Expect(page.Locator("#start-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#start-connector")).ToHaveValueAsync("1");
        await page.FillAsync("#start-idtag", "TAG-REMOTE");
        await page.ClickAsync("#start-ok");
        await Expect(page.Locator("#toast")).ToContainTextAsync("Start on OLI-DEMO-03 #1: Accepted");
        cp.ReceivedActions.Should().Contain("RemoteStartTransaction");
        await Expect(tile.Locator(".connector .energy")).Not.ToHaveTextAsync("no session", new() { Timeout = 10_000 });
        var (_, view) = await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-03", WebTestSite.ViewerToken);
        view.GetProperty("connectors")[0].GetProperty("transactionId").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Number);

        // Stop asks first: Cancel sends nothing, Confirm sends the RemoteStopTransaction.
        var stop = tile.Locator(".connector button[data-act=remote-stop]");
        await Expect(stop).ToBeEnabledAsync();
        await stop.ClickAsync();
        await Expect(page.Locator("#confirm-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#confirm-text")).ToContainTextAsync("Stop the session on OLI-DEMO-03 #1");
        await page.ClickAsync("#confirm-dialog button[value=cancel]");
        await Expect(page.Locator("#confirm-dialog")).ToBeHiddenAsync();
        cp.ReceivedActions.Should().NotContain("RemoteStopTransaction");
        await stop.ClickAsync();
        await page.ClickAsync("#confirm-ok");
        await Expect(page.Locator("#toast")).ToContainTextAsync("Stop on OLI-DEMO-03 #1: Accepted");
        cp.ReceivedActions.Should().Contain("RemoteStopTransaction");
    }
}
