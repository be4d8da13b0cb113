using System.Globalization;
using Microsoft.Extensions.Logging;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>After an accepted boot: reads the charger's smart-charging limits (OCPP 1.6 §9.4) and sets its meter
/// sampling (§9.1.15, §9.1.16), then hands what it learned to the host. A charger that boots again as the same unit
/// and was configured in full before is not asked again (<see cref="ChargePointConfigurationMemo"/>).</summary>
public sealed class ChargePointConfigurator(
    IChargePointRecorder recorder,
    OcppCentralSystemEvents events,
    OcppCentralSystemOptions options,
    ILogger<ChargePointConfigurator> logger,
    ChargePointConfigurationMemo? memo = null)
{
    public static readonly IReadOnlyList<string> SmartChargingKeys =
    [
        "ChargingScheduleAllowedChargingRateUnit", "ChargingScheduleMaxPeriods", "ChargeProfileMaxStackLevel",
        "MaxChargingProfilesInstalled", "SupportedFeatureProfiles", "ConnectorSwitch3to1PhaseSupported",
    ];

    public Task<ChargePointCapabilities> ConfigureAsync(IChargePointClient client, CancellationToken ct) =>
        ConfigureAsync(client, boot: null, ct);

    /// <summary>Configures the charger after <paramref name="boot"/>, or, when the same boot was configured in full
    /// before, hands the host what was found then (stored already) without a CALL.</summary>
    public async Task<ChargePointCapabilities> ConfigureAsync(IChargePointClient client, BootNotificationRequest? boot, CancellationToken ct)
    {
        if (boot is not null && memo?.Recall(client.ChargePointId, boot) is { } known)
        {
            events.Raise(new ChargePointConfigured(client.ChargePointId, known));
            return known;
        }

        var configuration = await client.GetConfigurationAsync(new GetConfigurationRequest { Key = SmartChargingKeys }, ct);
        var values = (configuration.ConfigurationKey ?? [])
            .Where(k => k.Value is not null)
            .GroupBy(k => k.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value!, StringComparer.Ordinal);
        var interval = await TryChangeAsync(client, "MeterValueSampleInterval",
            ((int)options.MeterValueSampleInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture), ct);
        var sampled = await TryChangeAsync(client, "MeterValuesSampledData", options.MeterValuesSampledData, ct);
        var capabilities = new ChargePointCapabilities(
            AllowedChargingRateUnits: ParseUnits(values.GetValueOrDefault("ChargingScheduleAllowedChargingRateUnit")),
            ChargingScheduleMaxPeriods: ParseInt(values.GetValueOrDefault("ChargingScheduleMaxPeriods")),
            ChargeProfileMaxStackLevel: ParseInt(values.GetValueOrDefault("ChargeProfileMaxStackLevel")),
            MaxChargingProfilesInstalled: ParseInt(values.GetValueOrDefault("MaxChargingProfilesInstalled")),
            UnknownKeys: configuration.UnknownKey ?? [],
            MeterValueSampleIntervalStatus: interval,
            MeterValuesSampledDataStatus: sampled,
            SupportedFeatureProfiles: values.GetValueOrDefault("SupportedFeatureProfiles") is { } profiles
                ? profiles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : null,
            ConnectorSwitch3to1PhaseSupported: bool.TryParse(values.GetValueOrDefault("ConnectorSwitch3to1PhaseSupported"), out var switches) ? switches : null);
        await recorder.RecordCapabilitiesAsync(client.ChargePointId, capabilities, ct);
        if (boot is not null)
        {
            memo?.Remember(client.ChargePointId, boot, capabilities);
        }

        events.Raise(new ChargePointConfigured(client.ChargePointId, capabilities));
        logger.LogInformation("Configured {ChargePointId}: units {Units}, max periods {Periods}, max stack level {Stack}",
            client.ChargePointId, string.Join(",", capabilities.AllowedChargingRateUnits), capabilities.ChargingScheduleMaxPeriods,
            capabilities.ChargeProfileMaxStackLevel);
        return capabilities;
    }

    private static async Task<ConfigurationStatus> TryChangeAsync(IChargePointClient client, string key, string value, CancellationToken ct) =>
        (await client.ChangeConfigurationAsync(new ChangeConfigurationRequest { Key = key, Value = value }, ct)).Status;

    /// <summary>"Current", "Power" or "Current,Power" (OCPP 1.6 §9.4.3).</summary>
    private static IReadOnlyList<ChargingRateUnitType> ParseUnits(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => u.ToUpperInvariant() switch
            {
                "CURRENT" or "A" => (ChargingRateUnitType?)ChargingRateUnitType.A,
                "POWER" or "W" => ChargingRateUnitType.W,
                _ => null,
            })
            .OfType<ChargingRateUnitType>()
            .Distinct()
            .ToArray();

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
