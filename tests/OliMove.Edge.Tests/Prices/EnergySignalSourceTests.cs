using OliMove.Edge.Prices;
using OliMove.Edge.Testing;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Prices;

/// <summary>The signals cut to a snapshot's slots; a missing or stale signal falls back to as soon as possible, logged once.</summary>
public sealed class EnergySignalSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("olimove-prices-").FullName;
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static readonly DateTimeOffset Midnight = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Cuts_a_day_ahead_series_to_slots_in_millionths_and_beyond_it_takes_the_highest_price()
    {
        var options = new PriceOptions { ImportPrices = Write("p.csv", "start,pricePerKWh\n2026-03-02T00:00:00Z,0.21\n2026-03-02T01:00:00Z,0.18\n"), DemandChargePerKw = 9.5m };
        var source = new EnergySignalSource(options, new RecordingLogger<EnergySignalSource>());
        (await source.RefreshAsync(_http, CancellationToken.None)).Should().BeEmpty();

        var signals = source.For(Midnight.AddMinutes(30), 900, 8, peakSoFarW: 12_000)!;

        signals.Objective.Should().Be(PlacementObjective.Cost);
        signals.ImportPriceMicrosPerKWh.Should().Equal(210_000, 210_000, 180_000, 180_000, 180_000, 180_000, 210_000, 210_000);
        signals.DemandChargeMicrosPerKW.Should().Be(9_500_000);
        signals.PeakSoFarW.Should().Be(12_000);
        signals.Co2GramsPerKWh.Should().BeNull();
    }

    [Fact]
    public async Task A_stale_signal_gives_no_signals_logged_once_until_one_covers_the_slot_again()
    {
        var logger = new RecordingLogger<EnergySignalSource>();
        var options = new PriceOptions { ImportPrices = Write("p.csv", "start,pricePerKWh\n2026-03-02T00:00:00Z,0.21\n2026-03-02T01:00:00Z,0.18\n") };
        var source = new EnergySignalSource(options, logger);
        await source.RefreshAsync(_http, CancellationToken.None);

        source.For(Midnight.AddHours(2), 900, 4, 0).Should().BeNull("the series ended before this slot");
        source.For(Midnight.AddHours(2).AddMinutes(15), 900, 4, 0).Should().BeNull();
        logger.Messages.Should().ContainSingle(m => m.Contains("as soon as possible", StringComparison.Ordinal));

        Write("p.csv", "start,pricePerKWh\n2026-03-02T02:00:00Z,0.30\n2026-03-02T03:00:00Z,0.10\n");
        await source.RefreshAsync(_http, CancellationToken.None);
        source.For(Midnight.AddHours(2).AddMinutes(30), 900, 4, 0)!.ImportPriceMicrosPerKWh.Should().Equal(300_000, 300_000, 100_000, 100_000);
        logger.Messages.Should().ContainSingle(m => m.Contains("again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_refresh_keeps_the_signals_read_before_and_says_why()
    {
        string path = Write("p.csv", "start,pricePerKWh\n2026-03-02T00:00:00Z,0.21\n2026-03-02T01:00:00Z,0.18\n");
        var source = new EnergySignalSource(new PriceOptions { ImportPrices = path }, new RecordingLogger<EnergySignalSource>());
        await source.RefreshAsync(_http, CancellationToken.None);

        File.WriteAllText(path, "start,pricePerKWh\n2026-03-02T00:00:00Z,0.21\n2026-03-02T01:00:00Z,-5\n");
        var errors = await source.RefreshAsync(_http, CancellationToken.None);

        errors.Should().ContainSingle().Which.Should().Be("p.csv row 3: negative pricePerKWh (-5)");
        source.For(Midnight, 900, 1, 0)!.ImportPriceMicrosPerKWh.Should().Equal(210_000);
    }

    [Fact]
    public async Task A_time_of_use_tariff_fills_the_slots_a_dynamic_series_does_not_cover()
    {
        var options = new PriceOptions
        {
            Tariff = Path.Combine(EdgeTestHost.RepoRoot(), "data", "tariffs", "sce-tou-ev-4-2019-03.json"),
            ImportPrices = Write("p.csv", "start,pricePerKWh\n2019-03-04T15:00:00Z,0.5\n"),
        };
        var source = new EnergySignalSource(options, new RecordingLogger<EnergySignalSource>());
        await source.RefreshAsync(_http, CancellationToken.None);

        // 15:00–16:00 UTC from the series, then 08:00 Pacific mid-peak from the tariff, with its demand charge.
        var signals = source.For(new DateTimeOffset(2019, 3, 4, 15, 45, 0, TimeSpan.Zero), 900, 2, 0)!;
        signals.ImportPriceMicrosPerKWh.Should().Equal(500_000, 74_920);
        signals.DemandChargeMicrosPerKW.Should().Be(15_510_000);
    }

    [Fact]
    public async Task Reads_a_series_from_an_http_url_on_the_site_network()
    {
        using var server = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        server.Start();
        int port = ((System.Net.IPEndPoint)server.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await server.AcceptTcpClientAsync();
            var stream = client.GetStream();
            // Read the request up to the blank line that ends its headers (a GET has no body).
            var request = new System.Text.StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                int read = await stream.ReadAsync(buffer);
                if (read == 0)
                    break;
                request.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
            }
            string body = "{\"points\":[{\"start\":\"2026-03-02T00:00:00Z\",\"value\":310},{\"start\":\"2026-03-02T01:00:00Z\",\"value\":120}]}";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
        });
        var options = new PriceOptions { Objective = "co2", Co2 = $"http://127.0.0.1:{port}/co2.json" };
        var source = new EnergySignalSource(options, new RecordingLogger<EnergySignalSource>());

        (await source.RefreshAsync(_http, CancellationToken.None)).Should().BeEmpty();
        await serve;

        var signals = source.For(Midnight.AddMinutes(30), 900, 4, 0)!;
        signals.Objective.Should().Be(PlacementObjective.Co2);
        signals.Co2GramsPerKWh.Should().Equal(310, 310, 120, 120);
        signals.ImportPriceMicrosPerKWh.Should().BeNull();
    }

    [Fact]
    public void The_billing_peak_is_the_highest_quarter_and_a_gap_in_readings_is_spread()
    {
        var q0 = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        ConnectorQuarterRegister R(string cp, int quarter, double wh) => new(cp, 1, q0.AddMinutes(15 * quarter), wh);
        var rows = new[]
        {
            R("A", 0, 1000), R("A", 1, 3000), R("A", 2, 5500), // 2000 then 2500 Wh
            R("B", 0, 0), R("B", 4, 4000),                    // 4000 Wh over 4 quarters: 1000 each
        };

        // Quarter 2: A 2500 + B 1000 = 3500 Wh in 15 minutes = 14 kW.
        BillingPeakSource.PeakW(rows, q0).Should().Be(14_000);
        BillingPeakSource.PeakW(rows, q0.AddMinutes(45)).Should().Be(4_000, "quarters before the billing period do not count");
    }
}
