using OliMove.Modbus.SunSpec;
using OliMove.Tools.PvSimulator;

namespace OliMove.Modbus.Tests;

public sealed class PvYearProfileTests
{
    private static string DataFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "acn-caltech", "pv_jpl_220kWdc_year.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("data/acn-caltech/pv_jpl_220kWdc_year.csv not found above the test binaries");
    }

    [Fact]
    public void Loads_the_jpl_year_as_local_standard_time()
    {
        var year = PvYearProfile.Load(DataFile());

        year.Count.Should().Be(17_520);
        year.FractionOfPeak(new DateTimeOffset(2026, 6, 21, 13, 30, 0, TimeSpan.FromHours(-8))).Should().BeApproximately(171.372 / 220, 1e-9);
        year.FractionOfPeak(new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.FromHours(-8))).Should().Be(0);

        // "Jan 1, 02:00 pm",104.04 then "Jan 1, 02:30 pm",44.8747: a quarter past is the midpoint.
        year.FractionOfPeak(new DateTimeOffset(2026, 1, 1, 22, 15, 0, TimeSpan.Zero)).Should().BeApproximately((104.04 + 44.8747) / 2 / 220, 1e-9);
    }

    [Fact]
    public void Rejects_a_file_with_a_missing_half_hour()
    {
        var lines = File.ReadAllLines(DataFile()).ToList();
        lines.RemoveAt(100);
        lines.Add("\"Dec 31, 11:30 pm\",0");
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, lines);

            var act = () => PvYearProfile.Load(path);

            act.Should().Throw<FormatException>().WithMessage("*:101: expected the half hour*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_simulator_serves_the_year_scaled_to_its_rating()
    {
        var year = PvYearProfile.Load(DataFile());
        var noon = new DateTimeOffset(2026, 6, 21, 13, 0, 0, TimeSpan.FromHours(-8));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(noon);
        var options = new SimulatorOptions { RatedPowerW = 22_000 };
        await using var sim = new SunSpecInverterSimulator(options, clock, t => year.FractionOfPeak(t) * options.RatedPowerW);
        sim.Start();
        await using var client = new ModbusTcpClient(new ModbusTcpClientOptions { Host = "127.0.0.1", Port = sim.Port }, TimeProvider.System);
        var reader = new SunSpecReader(client, 1);

        var before = await reader.ReadInverterAsync();
        clock.Advance(TimeSpan.FromHours(1));
        var after = await reader.ReadInverterAsync();

        before.PowerW.Should().BeApproximately(year.FractionOfPeak(noon) * 22_000, 1);
        after.LifetimeEnergyWh.Should().BeGreaterThan(before.LifetimeEnergyWh!.Value + 5_000, "an hour near noon adds kWh");
    }
}
