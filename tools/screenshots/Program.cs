using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OliMove.Edge.Hosting;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;
using OliMove.Tools.SiteSimulator;
using static Microsoft.Playwright.Assertions;

// screenshots: the README's pictures of the cockpit and the driver's app, taken in a real browser against a
// running demo (tools/demo). The demo user signs in to the app, asks for energy at the free charge point, plugs a
// simulated car in there, and leaves at the departure; the cockpit is taken while that car charges.
var arguments = args.ToList();
if (arguments.Contains("--help") || arguments.Contains("-h"))
{
    Console.WriteLine("""
        usage: screenshots [--url http://127.0.0.1:8080] [--out docs/screenshots] [--viewer-token olimove-demo-viewer-token]
                           [--login demo] [--password demo-password-1] [--id-tag DEMO-USER]
                           [--charge-point OLI-DEMO-10] [--key demo-key-OLI-DEMO-10] [--energy-kwh 12] [--stay-hours 3]
                           [--speed N] [--chromium /usr/bin/chromium] [--wait-seconds 180]

        Against a running tools/demo (its defaults are these options' defaults): writes demo-cockpit.png,
        demo-app-request.png, demo-app-charging.png and demo-app-receipt.png to --out. Takes about a minute at the demo's 300x;
        run it while the morning's cars charge (e.g. tools/demo --clock-start 09:00, then this at once). On a loaded
        machine run the demo slower (tools/demo --speed 30): each real second of delay is 5 simulated minutes at 300x,
        and the cockpit must be taken before the driver's car has its energy.
        The browser shows the site's time (UTC-8) and its clock is set to the controller's before each picture.
        --speed is the demo's (measured from /api/v1/health when not given, to the nearest 10).
        --wait-seconds is the longest it waits for a page or the service to reach the state a picture needs
        (charts drawn, panels filled, a fresh live event); on a loaded machine that can take minutes.
        """);
    return 0;
}

var root = FindRepoRoot();
var baseUri = new Uri((Option("--url") ?? "http://127.0.0.1:8080").TrimEnd('/') + "/");
var outDir = Path.GetFullPath(Option("--out") ?? Path.Combine(root, "docs", "screenshots"));
var viewerToken = Option("--viewer-token") ?? "olimove-demo-viewer-token";
var login = Option("--login") ?? "demo";
var password = Option("--password") ?? "demo-password-1";
var idTag = Option("--id-tag") ?? "DEMO-USER";
var chargePointId = Option("--charge-point") ?? "OLI-DEMO-10";
var key = Option("--key") ?? $"demo-key-{chargePointId}";
var energyKWh = double.Parse(Option("--energy-kwh") ?? "12", CultureInfo.InvariantCulture);
var stay = TimeSpan.FromHours(double.Parse(Option("--stay-hours") ?? "3", CultureInfo.InvariantCulture));
// Every wait is for a state, never for a time; this only bounds how long a loaded machine may take to reach it.
var wait = TimeSpan.FromSeconds(double.Parse(Option("--wait-seconds") ?? "180", CultureInfo.InvariantCulture));
var waitMs = (float)wait.TotalMilliseconds;
Directory.CreateDirectory(outDir);

using var http = new HttpClient { BaseAddress = baseUri, Timeout = wait };
// The controller's clock runs faster than real time; follow it, so the car's energy and the pictures' times agree.
var clock = await ControllerClockAsync(http);
Console.WriteLine($"screenshots: {baseUri} at {clock.GetUtcNow():yyyy-MM-dd HH:mm}Z, clock x{clock.Speed:0}; pictures to {outDir}");

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Option("--chromium") ?? "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
// The demo's site lives on the Caltech data's clock, UTC-8 all year (Etc/GMT+8 is UTC-8 in POSIX's inverted sign).
const string SiteTimeZone = "Etc/GMT+8";
var siteOffset = TimeSpan.FromHours(-8);

// The free charge point comes online: a simulated charger, as the user's own OCPP client would be.
await using var charger = new SimulatedChargePoint(
    new SimulatedChargePointOptions
    {
        ChargePointId = chargePointId,
        CentralSystem = new Uri($"ws://{baseUri.Authority}/ocpp"),
        AuthorizationKey = key,
        Supply = new ElectricalSupply(230, 1, 32),
        AllowedChargingRateUnits = "Current",
        CallTimeout = TimeSpan.FromSeconds(10 * clock.Speed),
    },
    clock);
using var stopCharger = new CancellationTokenSource();
var running = charger.RunAsync(stopCharger.Token);
await WaitUntilAsync(() => charger.BootStatus == RegistrationStatus.Accepted, "the charger is accepted", wait);

// 1. The app on a phone: sign in, ask for energy at the free charge point.
await using var phone = await browser.NewContextAsync(new BrowserNewContextOptions
{
    ViewportSize = new ViewportSize { Width = 390, Height = 844 },
    DeviceScaleFactor = 2,
    IsMobile = true,
    HasTouch = true,
    TimezoneId = SiteTimeZone,
    Locale = "en-US",
});
var app = await phone.NewPageAsync();
await app.Clock.InstallAsync(new ClockInstallOptions { TimeDate = clock.GetUtcNow().UtcDateTime });
await app.GotoAsync(new Uri(baseUri, "app/").ToString());
await app.FillAsync("#login", login);
await app.FillAsync("#password", password);
await app.ClickAsync("#auth-submit");
await Expect(app.Locator("#ask")).ToBeVisibleAsync(new() { Timeout = waitMs });
await app.SelectOptionAsync("#connector", $"{chargePointId}|1");
await app.FillAsync("#energy", energyKWh.ToString(CultureInfo.InvariantCulture));
var departure = RoundUpToQuarter(clock.GetUtcNow() + stay);
await app.Clock.SetSystemTimeAsync(clock.GetUtcNow().UtcDateTime);
await app.FillAsync("#departure", departure.ToOffset(siteOffset).ToString("HH:mm", CultureInfo.InvariantCulture));
await app.Locator("#departure").BlurAsync();
await Expect(app.Locator("#connector option:checked")).ToContainTextAsync("free", new() { Timeout = waitMs });
await app.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(outDir, "demo-app-request.png"), FullPage = true });
await app.ClickAsync("#submit");
var offer = app.Locator("[data-testid=counter-offer] button.take");
await Expect(app.Locator("[data-testid=accepted], [data-testid=counter-offer]")).ToBeVisibleAsync(new() { Timeout = waitMs });
if (await offer.CountAsync() > 0)
{
    await offer.First.ClickAsync(); // the site cannot promise it all: take the energy it offers by that time
}

await Expect(app.Locator("[data-testid=accepted]")).ToBeVisibleAsync(new() { Timeout = waitMs });
Console.WriteLine($"screenshots: {login} asked for {energyKWh} kWh at {chargePointId} by {departure.ToOffset(siteOffset):HH:mm} site time");

// 2. The car plugs in and charges under the controller's profiles.
var car = new BatteryCar(capacityWh: 60_000, initialSoCPercent: 35, maxPowerW: 7_400, reportsSoC: false);
await charger.StatusAsync(1, ChargePointStatus.Preparing);
await charger.StartTransactionAsync(1, idTag, car);
await charger.StatusAsync(1, ChargePointStatus.Charging);
var pluggedAt = clock.GetUtcNow();
await Expect(app.Locator("#p-status")).ToHaveTextAsync(new Regex("^Charging at"), new() { Timeout = waitMs });
// A few meter samples, so the energy added is more than a rounding.
await WaitUntilAsync(() => clock.GetUtcNow() - pluggedAt > TimeSpan.FromMinutes(40), "the car has charged a while", wait);
await app.Clock.SetSystemTimeAsync(clock.GetUtcNow().UtcDateTime);
await app.ReloadAsync();
await Expect(app.Locator("#p-status")).ToHaveTextAsync(new Regex("^Charging at"), new() { Timeout = waitMs });
await app.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(outDir, "demo-app-charging.png"), FullPage = true });
Console.WriteLine("screenshots: demo-app-request.png, demo-app-charging.png");

// 3. The cockpit on a desktop while that car charges, with the viewer token typed into its token field.
await using (var desk = await browser.NewContextAsync(new BrowserNewContextOptions
{
    ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
    TimezoneId = SiteTimeZone,
    Locale = "en-US",
}))
{
    var cockpit = await desk.NewPageAsync();
    await cockpit.Clock.InstallAsync(new ClockInstallOptions { TimeDate = clock.GetUtcNow().UtcDateTime });
    await cockpit.GotoAsync(new Uri(baseUri, "cockpit/").ToString());
    await cockpit.FillAsync("#token-input", viewerToken);
    await cockpit.ClickAsync("#token-form button");
    await Expect(cockpit.Locator("#whoami")).ToContainTextAsync("viewer", new() { Timeout = waitMs });
    await Expect(cockpit.Locator($"[data-cp='{chargePointId}'] [data-testid=power] .measured")).Not.ToHaveTextAsync(new Regex("^(0\\.0|–)?$"), new() { Timeout = waitMs });
    // What the picture shows, each drawn: both groups' day charts (their /day reads are the slowest under load), the
    // battery read over SunSpec, the nav's alert badge after its first /alerts answer, and the chain outbox.
    await cockpit.WaitForFunctionAsync("() => document.querySelectorAll('.chart canvas').length >= 2", null, new() { Timeout = waitMs });
    await Expect(cockpit.Locator("[data-testid=battery]").First).ToHaveTextAsync(new Regex("(charging|discharging|idle) .*·\\s*ok$"), new() { Timeout = waitMs });
    await cockpit.WaitForFunctionAsync("() => document.querySelectorAll('#alerts-list li').length > 0", null, new() { Timeout = waitMs });
    await Expect(cockpit.Locator("#kpi-chain")).ToContainTextAsync("pending", new() { Timeout = waitMs });
    var shownAt = clock.GetUtcNow();
    await cockpit.Clock.SetSystemTimeAsync(shownAt.UtcDateTime);
    // The jump makes the last live event look old; wait for a tick after the jump that shows a fresh one (under 10 s).
    await cockpit.WaitForFunctionAsync(
        "at => Date.now() >= at + 1100 && /^\\d s$/.test(document.querySelector('#data-age').textContent)",
        shownAt.ToUnixTimeMilliseconds(),
        new() { Timeout = waitMs });
    await cockpit.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(outDir, "demo-cockpit.png"), FullPage = true });
    Console.WriteLine("screenshots: demo-cockpit.png");
}

// 4. The driver leaves at the departure: the session is settled, tokens are minted to the wallet, the receipt shows them.
await WaitUntilAsync(() => clock.GetUtcNow() >= departure, "the departure", stay / clock.Speed + TimeSpan.FromSeconds(30));
await charger.StopTransactionAsync(1, Reason.EVDisconnected);
await charger.StatusAsync(1, ChargePointStatus.Available);
var tokensOnChain = await WaitForWalletTokensAsync();
await app.Clock.SetSystemTimeAsync(clock.GetUtcNow().UtcDateTime);
await app.ReloadAsync();
await Expect(app.Locator("#receipt")).ToBeVisibleAsync(new() { Timeout = waitMs });
await Expect(app.Locator("#r-wallet")).ToContainTextAsync($"balance {tokensOnChain} tokens", new() { Timeout = waitMs });
await app.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(outDir, "demo-app-receipt.png"), FullPage = true });
Console.WriteLine($"screenshots: demo-app-receipt.png ({tokensOnChain} tokens on chain)");

await stopCharger.CancelAsync();
await running;
return 0;

// The wallet balance as the API reads it from the chain, once the settlement has been written there.
async Task<string> WaitForWalletTokensAsync()
{
    using var signIn = await http.PostAsJsonAsync("api/v1/me/sign-in", new { login, password });
    signIn.EnsureSuccessStatusCode();
    var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
    var deadline = DateTime.UtcNow + wait;
    while (true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/me/wallet");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var tokens = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokens").GetString();
        if (tokens is not null && decimal.Parse(tokens, CultureInfo.InvariantCulture) > 0)
        {
            return tokens;
        }

        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"no tokens reached the wallet within {wait.TotalSeconds:0} s (is the chain running? see the demo's edge.out)");
        }

        await Task.Delay(500);
    }
}

async Task<AcceleratedTimeProvider> ControllerClockAsync(HttpClient client)
{
    await HealthTimeAsync(client); // the first request pays for the connection
    var (first, firstReal) = await TimedHealthAsync(client);
    await Task.Delay(TimeSpan.FromSeconds(3));
    var (second, secondReal) = await TimedHealthAsync(client);
    var speed = Option("--speed") is { } given
        ? double.Parse(given, CultureInfo.InvariantCulture)
        : Math.Max(1, Math.Round((second - first).TotalSeconds / (secondReal - firstReal).TotalSeconds / 10) * 10);
    return new AcceleratedTimeProvider(second + TimeSpan.FromTicks((long)((DateTimeOffset.UtcNow - secondReal).Ticks * speed)), speed);
}

// The controller's time, paired with the real instant halfway through the request that read it.
static async Task<(DateTimeOffset Simulated, DateTimeOffset Real)> TimedHealthAsync(HttpClient client)
{
    var before = DateTimeOffset.UtcNow;
    var simulated = await HealthTimeAsync(client);
    return (simulated, before + ((DateTimeOffset.UtcNow - before) / 2));
}

static async Task<DateTimeOffset> HealthTimeAsync(HttpClient client) =>
    (await client.GetFromJsonAsync<JsonElement>("api/v1/health")).GetProperty("time").GetDateTimeOffset();

static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (!condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"timed out waiting for {what}");
        }

        await Task.Delay(200);
    }
}

static DateTimeOffset RoundUpToQuarter(DateTimeOffset t)
{
    var quarter = TimeSpan.FromMinutes(15).Ticks;
    return new DateTimeOffset((t.UtcTicks + quarter - 1) / quarter * quarter, TimeSpan.Zero);
}

string? Option(string name)
{
    var i = arguments.IndexOf(name);
    return i >= 0 && i + 1 < arguments.Count ? arguments[i + 1] : null;
}

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OliMove.Edge.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
