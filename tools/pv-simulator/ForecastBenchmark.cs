using System.Globalization;
using System.Text;
using OliMove.Modbus.Forecast;

namespace OliMove.Tools.PvSimulator;

/// <summary>
/// Replays the JPL year: at every full hour from day 15 on, forecasts 96 slots from the history before that hour
/// and scores them against what came, next to two baselines: last value held flat, and the same slot 24 h
/// earlier (day-ahead persistence). Errors are normalised by the 220 kW array peak.
/// </summary>
public static class ForecastBenchmark
{
    private const int Hours = 24;

    public static string Run(PvYearProfile year, PvForecasterOptions options)
    {
        var samples = year.QuarterHourSamples();
        var forecaster = new PvForecaster(options);
        var methods = new[] { "last value", "same slot 24 h earlier", "blend (this)" };
        var abs = new double[methods.Length, Hours];
        var sq = new double[methods.Length, Hours];
        var dayAbs = new double[methods.Length];
        var over = new double[methods.Length];
        var weightSums = new double[Hours];
        var dayCount = 0L;
        var counts = new long[Hours];
        var historyDays = options.EnvelopeDays + 1;
        var origins = 0;
        var started = DateTime.UtcNow;
        var all = samples.ToArray();

        // Origins every hour; the last one leaves a full 24 h of actuals to score.
        for (var origin = historyDays * 96; origin + PvForecaster.HorizonSlots <= samples.Count; origin += 4)
        {
            origins++;
            var from = origin - (historyDays * 96);
            var history = new ArraySegment<PvSample>(all, from, origin - from);
            var result = forecaster.Forecast(history, samples[origin].Timestamp);
            var forecast = result.PowerW;
            for (var h = 0; h < Hours; h++)
            {
                weightSums[h] += result.BlendWeights[h];
            }

            var last = samples[origin - 1].PowerW;
            for (var h = 0; h < PvForecaster.HorizonSlots; h++)
            {
                var actual = samples[origin + h].PowerW;
                var predictions = new[] { last, samples[origin + h - 96].PowerW, forecast[h] };
                counts[h / 4]++;
                var daylight = actual > 0 || predictions.Any(p => p > 0);
                if (daylight)
                {
                    dayCount++;
                }

                for (var m = 0; m < methods.Length; m++)
                {
                    var e = (predictions[m] - actual) / PvYearProfile.ArrayPeakW;
                    abs[m, h / 4] += Math.Abs(e);
                    sq[m, h / 4] += e * e;
                    over[m] += Math.Max(0, e);
                    if (daylight)
                    {
                        dayAbs[m] += Math.Abs(e);
                    }
                }
            }
        }

        var elapsed = DateTime.UtcNow - started;
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"Origins: {origins} (hourly, day {historyDays} to the end of the year), 96 slots each; forecaster options {options}; {elapsed.TotalSeconds:0.0} s.\n\n");
        text.Append("Overall, % of the 220 kW peak:\n\n| method | nMAE all slots | nRMSE all slots | nMAE daylight slots | mean over-forecast |\n|---|---|---|---|---|\n");
        var total = counts.Sum();
        for (var m = 0; m < methods.Length; m++)
        {
            double a = 0, s = 0;
            for (var h = 0; h < Hours; h++)
            {
                a += abs[m, h];
                s += sq[m, h];
            }

            text.Append(inv, $"| {methods[m]} | {100 * a / total:0.00} | {100 * Math.Sqrt(s / total):0.00} | {100 * dayAbs[m] / dayCount:0.00} | {100 * over[m] / total:0.00} |\n");
        }

        text.Append("\nMean fitted persistence weight per horizon hour: ");
        text.Append(string.Join(" ", weightSums.Select(w => (w / origins).ToString("0.00", inv))));
        text.Append("\n\nPer horizon hour (slots 4h..4h+3 ahead), nMAE / nRMSE in % of peak:\n\n| hour ahead |");
        foreach (var method in methods)
        {
            text.Append(inv, $" {method} |");
        }

        text.Append("\n|---|---|---|---|\n");
        for (var h = 0; h < Hours; h++)
        {
            text.Append(inv, $"| {h} |");
            for (var m = 0; m < methods.Length; m++)
            {
                text.Append(inv, $" {100 * abs[m, h] / counts[h]:0.00} / {100 * Math.Sqrt(sq[m, h] / counts[h]):0.00} |");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
