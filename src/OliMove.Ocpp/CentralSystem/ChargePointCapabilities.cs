using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// The smart-charging limits a charger reported through GetConfiguration after boot (OCPP 1.6 §9.4), and how
/// it took our meter-sampling configuration. A null limit: the charger did not report the key.
/// <paramref name="SupportedFeatureProfiles"/>: the profiles it reported (§9.1.36, e.g. "Reservation"); null when not reported.
/// <paramref name="ConnectorSwitch3to1PhaseSupported"/>: whether it can switch a transaction from three phases to one
/// (§9.4.4); null when not reported.
/// </summary>
public sealed record ChargePointCapabilities(
    IReadOnlyList<ChargingRateUnitType> AllowedChargingRateUnits,
    int? ChargingScheduleMaxPeriods,
    int? ChargeProfileMaxStackLevel,
    int? MaxChargingProfilesInstalled,
    IReadOnlyList<string> UnknownKeys,
    ConfigurationStatus? MeterValueSampleIntervalStatus,
    ConfigurationStatus? MeterValuesSampledDataStatus,
    IReadOnlyList<string>? SupportedFeatureProfiles = null,
    bool? ConnectorSwitch3to1PhaseSupported = null);
