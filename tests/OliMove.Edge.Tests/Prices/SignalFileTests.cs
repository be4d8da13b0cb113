using OliMove.Edge.Prices;
using OliMove.Edge.Testing;

namespace OliMove.Edge.Tests.Prices;

/// <summary>Price, feed-in and CO₂ files: what is read, and bad files refused with the file and the row (issue 20).</summary>
public class SignalFileTests
{
    private static string TariffPath => Path.Combine(EdgeTestHost.RepoRoot(), "data", "tariffs", "sce-tou-ev-4-2019-03.json");

    [Fact]
    public void Reads_the_SCE_time_of_use_tariff_in_its_own_time_zone()
    {
        var tariff = TimeOfUseTariffFile.Read(TariffPath);

        tariff.DemandChargePerKw.Should().Be(15.51m);
        // Monday 4 March 2019: 07:59 and 08:00 Pacific (UTC−8) are off-peak and mid-peak; 12:00 on-peak.
        tariff.PricePerKWhAt(new DateTimeOffset(2019, 3, 4, 15, 59, 0, TimeSpan.Zero)).Should().Be(0.06087m);
        tariff.PricePerKWhAt(new DateTimeOffset(2019, 3, 4, 16, 0, 0, TimeSpan.Zero)).Should().Be(0.07492m);
        tariff.PricePerKWhAt(new DateTimeOffset(2019, 3, 4, 20, 0, 0, TimeSpan.Zero)).Should().Be(0.0869m);
        // After the change to daylight saving time (10 March), 12:00 local is 19:00 UTC.
        tariff.PricePerKWhAt(new DateTimeOffset(2019, 3, 11, 19, 0, 0, TimeSpan.Zero)).Should().Be(0.0869m);
        // Saturday: one price all day.
        tariff.PricePerKWhAt(new DateTimeOffset(2019, 3, 9, 20, 0, 0, TimeSpan.Zero)).Should().Be(0.06087m);
    }

    [Theory]
    [InlineData("\"timeZone\": \"America/Los_Angeles\",", "", "t.json $.timeZone: required")]
    [InlineData("\"timeZone\": \"America/Los_Angeles\",", "\"timeZone\": \"Mars/Olympus\",", "t.json $.timeZone: unknown time zone 'Mars/Olympus'")]
    [InlineData("\"from\": \"10-01\", \"to\": \"05-31\", \"days\": \"weekends\"", "\"from\": \"10-02\", \"to\": \"05-31\", \"days\": \"weekends\"", "t.json $.seasons: no season covers 10-01 on weekends (a gap)")]
    [InlineData("{ \"start\": \"12:00\", \"pricePerKWh\": 0.0869 }", "{ \"start\": \"12:00\", \"pricePerKWh\": -0.0869 }", "t.json $.seasons[2].periods[2].pricePerKWh: negative (-0.0869)")]
    [InlineData("{ \"start\": \"12:00\", \"pricePerKWh\": 0.0869 }", "{ \"start\": \"12:00\", \"pricePerKWh\": 86.9 }", "t.json $.seasons[2].periods[2].pricePerKWh: 86.9 is above 10, surely a unit mistake")]
    public void Refuses_a_bad_tariff_naming_the_file_and_the_place(string original, string replacement, string message)
    {
        string json = File.ReadAllText(TariffPath);
        json.Should().Contain(original);

        var read = () => TimeOfUseTariffFile.Parse(json.Replace(original, replacement, StringComparison.Ordinal), "t.json");

        read.Should().Throw<PriceSignalFileException>().WithMessage(message + "*");
    }

    [Fact]
    public void Reads_a_day_ahead_price_series_in_csv_and_json()
    {
        const string csv = "start,pricePerKWh\n2026-03-02T00:00:00+01:00,0.21\n2026-03-02T01:00:00+01:00,0.18\n2026-03-02T02:00:00+01:00,0.15\n";
        var series = SignalSeriesFile.Parse(csv, "dayahead.csv", SignalKind.ImportPrice);

        series.Start.Should().Be(new DateTimeOffset(2026, 3, 1, 23, 0, 0, TimeSpan.Zero));
        series.Interval.Should().Be(TimeSpan.FromHours(1));
        series.ValueAt(new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero)).Should().Be(0.18m);
        series.ValueAt(series.End).Should().BeNull();

        const string json = """{"points":[{"start":"2026-03-02T00:00:00Z","value":120},{"start":"2026-03-02T00:15:00Z","value":95}]}""";
        var co2 = SignalSeriesFile.Parse(json, "co2.json", SignalKind.Co2);
        co2.Interval.Should().Be(TimeSpan.FromMinutes(15));
        co2.Values.Should().Equal(120m, 95m);
    }

    [Theory]
    [InlineData("start,pricePerKWh\n2026-03-02T00:00:00Z,0.21\n2026-03-02T01:00:00Z,0.18\n2026-03-02T03:00:00Z,0.15\n", "p.csv row 4: a gap: *")]
    [InlineData("start,pricePerKWh\n2026-03-02T00:00:00Z,0.21\n2026-03-02T01:00:00Z,-0.02\n", "p.csv row 3: negative pricePerKWh (-0.02)")]
    [InlineData("start,pricePerKWh\n2026-03-02T00:00:00Z,0.21\n2026-03-02T01:00:00Z,210\n", "p.csv row 3: 210 pricePerKWh is above 10, surely a unit mistake")]
    [InlineData("start,pricePerKWh\n2026-03-02T00:00:00Z,0.21\n2026-03-02T01:00:00,0.18\n", "p.csv row 3: '2026-03-02T01:00:00' has no time zone offset*")]
    [InlineData("start,price\n2026-03-02T00:00:00Z,0.21\n", "p.csv row 1: expected the header 'start,pricePerKWh'*")]
    [InlineData("start,pricePerKWh\n2026-03-02T00:00:00Z,0.21\n2026-03-02T01:00:00Z,cheap\n", "p.csv row 3: 'cheap' is not a number")]
    [InlineData("{\"points\":[{\"start\":\"2026-03-02T00:00:00Z\",\"value\":0.2},{\"start\":\"2026-03-02T00:15:00Z\",\"value\":-1}]}", "p.csv $.points[1]: negative pricePerKWh (-1)")]
    public void Refuses_a_bad_series_naming_the_file_and_the_row(string text, string message)
    {
        var read = () => SignalSeriesFile.Parse(text, "p.csv", SignalKind.ImportPrice);

        read.Should().Throw<PriceSignalFileException>().WithMessage(message);
    }
}
