using System.Globalization;
using OliMove.Modbus.Forecast;

namespace OliMove.Tools.PvSimulator;

/// <summary>
/// The JPL year of 30-minute DC array power (data/acn-caltech/pv_jpl_220kWdc_year.csv, SAM output, 220 kWdc,
/// Pasadena). Stamps carry no year and are local standard time (UTC-8, no DST, as SAM weather files are); they
/// are placed in 2019, which, like the file, has 365 days.
/// </summary>
public sealed class PvYearProfile
{
    public const double ArrayPeakW = 220_000;
    public static readonly TimeSpan LocalOffset = TimeSpan.FromHours(-8);
    private const int SlotsPerDay = 48;

    private readonly double[] _powerW;

    private PvYearProfile(double[] powerW) => _powerW = powerW;

    public int Count => _powerW.Length;

    public static PvYearProfile Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var values = new List<double>(17520);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var comma = line.LastIndexOf(',');
            if (comma < 0 || !double.TryParse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var kw))
            {
                throw new FormatException($"{path}:{i + 1}: expected \"stamp\",kW but got '{line}'");
            }

            // Rows must be consecutive half hours from "Jan 1, 12:00 am": the index is the time.
            var expected = new DateTime(2019, 1, 1).AddMinutes(30 * values.Count);
            var stamp = line[..comma].Trim('"');
            if (!DateTime.TryParseExact(stamp, "MMM d, hh:mm tt", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                || parsed.Month != expected.Month || parsed.Day != expected.Day || parsed.TimeOfDay != expected.TimeOfDay)
            {
                throw new FormatException($"{path}:{i + 1}: expected the half hour {expected:MMM d, hh:mm tt} but found '{stamp}'");
            }

            values.Add(Math.Max(0, kw) * 1000);
        }

        if (values.Count != 365 * SlotsPerDay)
        {
            throw new FormatException($"{path}: expected {365 * SlotsPerDay} half-hour rows, found {values.Count}");
        }

        return new PvYearProfile([.. values]);
    }

    /// <summary>Array power at <paramref name="time"/> as a fraction of the 220 kW peak, interpolated between half hours; any year maps onto the data year by day of year.</summary>
    public double FractionOfPeak(DateTimeOffset time)
    {
        var local = time.ToOffset(LocalOffset);
        var day = Math.Min(local.DayOfYear, 365) - 1;
        var position = (day * SlotsPerDay) + (local.TimeOfDay.TotalMinutes / 30);
        var index = (int)Math.Floor(position);
        var weight = position - index;
        var a = _powerW[index % _powerW.Length];
        var b = _powerW[(index + 1) % _powerW.Length];
        return ((a * (1 - weight)) + (b * weight)) / ArrayPeakW;
    }

    /// <summary>The year as 15-minute samples (each half-hour value held for both quarters), in UTC.</summary>
    public IReadOnlyList<PvSample> QuarterHourSamples()
    {
        var start = new DateTimeOffset(2019, 1, 1, 0, 0, 0, LocalOffset).ToUniversalTime();
        var samples = new PvSample[_powerW.Length * 2];
        for (var i = 0; i < _powerW.Length; i++)
        {
            samples[2 * i] = new PvSample(start.AddMinutes(30 * i), _powerW[i]);
            samples[(2 * i) + 1] = new PvSample(start.AddMinutes((30 * i) + 15), _powerW[i]);
        }

        return samples;
    }
}
