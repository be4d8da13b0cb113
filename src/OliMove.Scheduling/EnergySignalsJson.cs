using System.Text.Json;

namespace OliMove.Scheduling;

/// <summary>
/// The canonical form of <see cref="EnergySignals"/> inside a snapshot (after "sessions", fixed order, absent series
/// as null) and the rules a snapshot's signals must keep, so that what is hashed is what the allocator can plan with.
/// </summary>
internal static class EnergySignalsJson
{
    /// <summary>Above this a price is a unit mistake (10 per kWh, 10,000 per kW), not a tariff.</summary>
    public const long MaxPriceMicrosPerKWh = 10_000_000;
    public const long MaxDemandChargeMicrosPerKW = 10_000_000_000;
    public const long MaxCo2GramsPerKWh = 5_000;

    public static void Write(Utf8JsonWriter w, EnergySignals signals)
    {
        w.WriteStartObject("signals");
        w.WriteString("objective", NameOf(signals.Objective));
        OptionalSeries(w, "importPriceMicrosPerKWh", signals.ImportPriceMicrosPerKWh);
        OptionalSeries(w, "feedInPriceMicrosPerKWh", signals.FeedInPriceMicrosPerKWh);
        OptionalSeries(w, "co2GramsPerKWh", signals.Co2GramsPerKWh);
        w.WriteNumber("demandChargeMicrosPerKW", signals.DemandChargeMicrosPerKW);
        w.WriteNumber("peakSoFarW", signals.PeakSoFarW);
        // Only when a forecast is given, so signals without one keep the bytes (and hash) they had.
        if (signals.ExpectedPeakW > 0)
            w.WriteNumber("expectedPeakW", signals.ExpectedPeakW);
        w.WriteEndObject();
    }

    public static string NameOf(PlacementObjective objective) => objective switch
    {
        PlacementObjective.Cost => "cost",
        PlacementObjective.Co2 => "co2",
        _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, null),
    };

    public static PlacementObjective? ObjectiveOf(string name) => name switch
    {
        "cost" => PlacementObjective.Cost,
        "co2" => PlacementObjective.Co2,
        _ => null,
    };

    public static void Validate(EnergySignals? signals, int horizon)
    {
        if (signals is null)
            return;
        if (!Enum.IsDefined(signals.Objective))
            throw new SnapshotValidationException($"signals.objective {(int)signals.Objective} is unknown");
        Check(signals.ImportPriceMicrosPerKWh, horizon, "signals.importPriceMicrosPerKWh", MaxPriceMicrosPerKWh);
        Check(signals.FeedInPriceMicrosPerKWh, horizon, "signals.feedInPriceMicrosPerKWh", MaxPriceMicrosPerKWh);
        Check(signals.Co2GramsPerKWh, horizon, "signals.co2GramsPerKWh", MaxCo2GramsPerKWh);
        if (signals.Objective == PlacementObjective.Cost && signals.ImportPriceMicrosPerKWh is null)
            throw new SnapshotValidationException("signals.objective is cost but signals.importPriceMicrosPerKWh is missing");
        if (signals.Objective == PlacementObjective.Co2 && signals.Co2GramsPerKWh is null)
            throw new SnapshotValidationException("signals.objective is co2 but signals.co2GramsPerKWh is missing");
        if (signals.DemandChargeMicrosPerKW is < 0 or > MaxDemandChargeMicrosPerKW)
            throw new SnapshotValidationException($"signals.demandChargeMicrosPerKW must be in 0..{MaxDemandChargeMicrosPerKW}, got {signals.DemandChargeMicrosPerKW}");
        if (signals.PeakSoFarW is < 0 or > 1_000_000_000)
            throw new SnapshotValidationException($"signals.peakSoFarW must be in 0..1000000000, got {signals.PeakSoFarW}");
        if (signals.ExpectedPeakW is < 0 or > 1_000_000_000)
            throw new SnapshotValidationException($"signals.expectedPeakW must be in 0..1000000000, got {signals.ExpectedPeakW}");
    }

    private static void Check(IReadOnlyList<long>? series, int horizon, string what, long max)
    {
        if (series is null)
            return;
        if (series.Count != horizon)
            throw new SnapshotValidationException($"{what} has {series.Count} values; horizonSlots is {horizon}");
        for (int t = 0; t < series.Count; t++)
        {
            if (series[t] < 0 || series[t] > max)
                throw new SnapshotValidationException($"{what}[{t}] must be in 0..{max}, got {series[t]}");
        }
    }

    private static void OptionalSeries(Utf8JsonWriter w, string name, IReadOnlyList<long>? values)
    {
        if (values is null)
            w.WriteNull(name);
        else
            CanonicalJson.Series(w, name, values);
    }
}
