using OliMove.Scheduling;

namespace OliMove.Edge.Prices;

/// <summary>
/// The site's signals as the allocator takes them (decision 0271): read from files or URLs
/// (<see cref="RefreshAsync"/>), then cut to a snapshot's slots in whole millionths per kWh and g/kWh. A slot
/// beyond a dynamic series takes the time-of-use tariff when there is one, else the highest value the series
/// holds (so nothing is deferred into a slot whose price is not known). When the objective's signal does not cover
/// the slot under way (missing, or stale: not refreshed in time), the snapshot gets no signals and best effort
/// charges as soon as possible; that is logged once, and once again when signals are back.
/// </summary>
public sealed class EnergySignalSource(PriceOptions options, ILogger<EnergySignalSource> logger)
{
    private readonly object _gate = new();
    private LoadedSignals _loaded = LoadedSignals.None;
    private bool _fallingBack;

    public PriceOptions Options => options;

    public LoadedSignals Loaded
    {
        get
        {
            lock (_gate)
            {
                return _loaded;
            }
        }
    }

    /// <summary>
    /// Reads every configured source again. A source that cannot be read or is refused keeps what it held before
    /// (logged with the file and row); the others are taken. Returns the refusals, one message each.
    /// </summary>
    public async Task<IReadOnlyList<string>> RefreshAsync(HttpClient http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var errors = new List<string>();
        var before = Loaded;
        var tariff = await ReadAsync(options.Tariff, before.Tariff, (text, source) => TimeOfUseTariffFile.Parse(text, source), http, errors, ct);
        var import = await ReadAsync(options.ImportPrices, before.ImportPrices, (text, source) => SignalSeriesFile.Parse(text, source, SignalKind.ImportPrice), http, errors, ct);
        var feedIn = await ReadAsync(options.FeedInPrices, before.FeedInPrices, (text, source) => SignalSeriesFile.Parse(text, source, SignalKind.FeedInPrice), http, errors, ct);
        var co2 = await ReadAsync(options.Co2, before.Co2, (text, source) => SignalSeriesFile.Parse(text, source, SignalKind.Co2), http, errors, ct);
        lock (_gate)
        {
            _loaded = new LoadedSignals(tariff, import, feedIn, co2);
        }
        return errors;
    }

    private async Task<T?> ReadAsync<T>(string? source, T? before, Func<string, string, T> parse, HttpClient http, List<string> errors, CancellationToken ct)
        where T : class
    {
        if (source is null)
            return null;
        string name = PriceOptions.IsUrl(source) ? source : Path.GetFileName(source);
        try
        {
            string text = PriceOptions.IsUrl(source) ? await http.GetStringAsync(new Uri(source), ct) : await File.ReadAllTextAsync(source, ct);
            return parse(text, name);
        }
        catch (Exception e) when (e is PriceSignalFileException or IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            string message = e is PriceSignalFileException ? e.Message : $"{name}: cannot be read: {e.Message}";
            errors.Add(message);
            logger.LogWarning("Price signal refused, the earlier copy stays in force: {Error}", message);
            return before;
        }
    }

    /// <summary>
    /// The signals for a snapshot of <paramref name="horizonSlots"/> slots from <paramref name="slotStart"/>, or null
    /// when none are configured or the objective's signal does not cover the slot under way.
    /// </summary>
    public EnergySignals? For(DateTimeOffset slotStart, int slotSeconds, int horizonSlots, long peakSoFarW)
    {
        if (!options.IsConfigured)
            return null;
        var loaded = Loaded;
        var objective = options.Objective == "co2" ? PlacementObjective.Co2 : PlacementObjective.Cost;
        var import = Slots(loaded.ImportPrices, loaded.Tariff, slotStart, slotSeconds, horizonSlots, 1_000_000m);
        var feedIn = Slots(loaded.FeedInPrices, null, slotStart, slotSeconds, horizonSlots, 1_000_000m);
        var co2 = Slots(loaded.Co2, null, slotStart, slotSeconds, horizonSlots, 1m);
        var needed = objective == PlacementObjective.Co2 ? co2 : import;
        if (needed is null)
        {
            FallBack(slotStart, objective);
            return null;
        }
        if (_fallingBack)
        {
            _fallingBack = false;
            logger.LogInformation("Price signals cover slot {Slot:O} again: best effort is placed by {Objective}", slotStart, options.Objective);
        }
        decimal demand = options.DemandChargePerKw ?? loaded.Tariff?.DemandChargePerKw ?? 0m;
        return new EnergySignals(objective, import, feedIn, co2, Micros(demand), peakSoFarW);
    }

    private void FallBack(DateTimeOffset slotStart, PlacementObjective objective)
    {
        if (_fallingBack)
            return;
        _fallingBack = true;
        logger.LogWarning("No {Signal} signal covers slot {Slot:O} (missing or stale): best effort charges as soon as possible until one does",
            objective == PlacementObjective.Co2 ? "CO₂" : "import price", slotStart);
    }

    /// <summary>Per slot in whole units of 1/<paramref name="scale"/> (millionths for prices, g/kWh for CO₂); null when slot 0 is not covered.</summary>
    private static long[]? Slots(SignalSeries? series, TimeOfUseTariff? tariff, DateTimeOffset slotStart, int slotSeconds, int horizonSlots, decimal scale)
    {
        if (series is null && tariff is null)
            return null;
        var values = new long[horizonSlots];
        decimal? highest = series?.Values.Max();
        for (int t = 0; t < horizonSlots; t++)
        {
            var at = slotStart.AddSeconds((long)t * slotSeconds);
            decimal? value = series?.ValueAt(at) ?? tariff?.PricePerKWhAt(at);
            if (value is null && t == 0)
                return null;
            values[t] = (long)Math.Round((value ?? highest!.Value) * scale, MidpointRounding.ToEven);
        }
        return values;
    }

    private static long Micros(decimal value) => (long)Math.Round(value * 1_000_000m, MidpointRounding.ToEven);
}
