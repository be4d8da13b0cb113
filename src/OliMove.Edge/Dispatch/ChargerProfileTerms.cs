using OliMove.SiteMap.Model;
using OliMove.Storage;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// What one charger takes in a SetChargingProfile: the rate unit and the stack levels, from the site map and from
/// the limits the charger reported after boot (OCPP 1.6 §9.4.3 ChargingScheduleAllowedChargingRateUnit, §9.4.1
/// ChargeProfileMaxStackLevel). The charger's word wins over the site map: a profile in a unit it does not take is
/// rejected, so it would run on whatever it held before. <see cref="UnitMismatch"/> says so for the technician.
/// </summary>
public sealed record ChargerProfileTerms(ProfileRateUnit Unit, int TxStackLevel, int DefaultStackLevel, string? UnitMismatch)
{
    public static ChargerProfileTerms Of(ChargePointDefinition chargePoint, SmartChargingCapabilities? capabilities)
    {
        var mapUnit = FailSafeShareCalculator.UnitOf(chargePoint);
        var allowed = ParseUnits(capabilities?.AllowedChargingRateUnits);
        var unit = allowed.Count == 0 || allowed.Contains(mapUnit) ? mapUnit : allowed[0];
        var mismatch = unit == mapUnit
            ? null
            : $"site map says chargingRateUnit {mapUnit} but the charger takes only {Describe(unit)}; profiles are sent in {unit}";

        // Stack levels are per purpose (§3.13.2), so defaults and TxProfiles may share level 0 on a charger that has
        // no other; never above what the charger allows, or it rejects every profile.
        var max = capabilities?.MaxStackLevel is { } m and >= 0 ? m : int.MaxValue;
        return new ChargerProfileTerms(
            unit,
            Math.Min(ProfileScheme.TxStackLevel, max),
            Math.Min(ProfileScheme.DefaultStackLevel, max),
            mismatch);
    }

    private static string Describe(ProfileRateUnit unit) => unit == ProfileRateUnit.A ? "Current (A)" : "Power (W)";

    /// <summary>"Current", "Power" or "Current,Power" as stored from the charger (OCPP 1.6 §9.4.3).</summary>
    private static List<ProfileRateUnit> ParseUnits(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => u.ToUpperInvariant() switch
            {
                "CURRENT" or "A" => (ProfileRateUnit?)ProfileRateUnit.A,
                "POWER" or "W" => ProfileRateUnit.W,
                _ => null,
            })
            .OfType<ProfileRateUnit>()
            .Distinct()];
}
