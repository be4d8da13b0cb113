using System.Globalization;
using OliMove.Bench.Scheduling;

namespace OliMove.Bench.SiteEnergy;

/// <summary>
/// The building in the cabinet: data/acn-caltech/building_medium_office_la_hourly.csv (a DOE reference medium office
/// in Los Angeles, one year of hourly kW, "Electricity:Facility"), scaled by a factor, held for the hour (the file
/// has nothing finer). Row "MM/dd HH:00" is the hour ending then; 2019 is taken as the file's year (not a leap year).
/// </summary>
internal sealed class BuildingLoad
{
    private readonly long[] _hourW;

    private BuildingLoad(long[] hourW) => _hourW = hourW;

    /// <summary>The scaled yearly peak: the worst case a technician would declare.</summary>
    public long WorstCaseW => _hourW.Max();

    public static BuildingLoad Load(string path, double scale)
    {
        var hours = new List<long>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0)
                continue;
            double kw = double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture);
            hours.Add((long)Math.Round(kw * 1000 * scale));
        }
        if (hours.Count != 8760)
            throw new InvalidDataException($"{path}: expected 8760 hours, found {hours.Count}");
        return new BuildingLoad([.. hours]);
    }

    public static string FindFile(string? given) => given ?? Path.Combine(Path.GetDirectoryName(CaltechData.FindFile(null))!, "building_medium_office_la_hourly.csv");

    /// <summary>The building's draw in a Caltech period (5 minutes from 2019-03-01 00:00; negative periods are February).</summary>
    public long AtPeriodW(int period)
    {
        int hourOfYear = 59 * 24 + (int)Math.Floor(period / 12.0);
        return _hourW[((hourOfYear % 8760) + 8760) % 8760];
    }
}
