using System.Globalization;
using OliMove.Edge.Users.Outcomes;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// Turns the user API's request bodies (kWh, percent, a choice spelled as text) into the desk's terms (Wh) and
/// refuses a body that is incomplete, contradicts itself or is out of range, naming the field. Pure: what
/// needs the site, the clock or the database (an unknown charger, a departure beyond the horizon, a connector in
/// use) is the desk's to check.
/// </summary>
public static class ChargingRequestParser
{
    /// <summary>The most energy one request may ask for, and the largest battery it may name.</summary>
    public const double MaxEnergyKWh = 200;

    public static DeskOutcome<NewChargingRequest> Parse(long userId, ChargingRequestBody body)
    {
        double? energyWh = null;
        double? batteryWh = body.BatteryCapacityKWh is { } b ? b * 1000 : null;
        if (body.BatteryCapacityKWh is { } capacity && !(capacity is > 0 and <= MaxEnergyKWh))
        {
            return new InvalidInput("batteryCapacityKWh", $"batteryCapacityKWh must be above 0 and at most {MaxEnergyKWh}");
        }

        if (body.CurrentSocPercent is { } soc0 && !(soc0 is >= 0 and <= 100))
        {
            return new InvalidInput("currentSocPercent", "currentSocPercent must be from 0 to 100");
        }

        if (body.TargetSocPercent is { } target)
        {
            if (body.EnergyKWh is not null)
            {
                return new InvalidInput("energyKWh", "give either energyKWh or targetSocPercent, not both");
            }

            if (body.BatteryCapacityKWh is not { } cap || body.CurrentSocPercent is not { } current)
            {
                return new InvalidInput(body.BatteryCapacityKWh is null ? "batteryCapacityKWh" : "currentSocPercent", "a target SoC needs batteryCapacityKWh and currentSocPercent");
            }

            if (!(target is > 0 and <= 100) || target <= current)
            {
                return new InvalidInput("targetSocPercent", $"targetSocPercent must be above the current {current.ToString(CultureInfo.InvariantCulture)} % and at most 100 %");
            }

            energyWh = cap * 1000 * (target - current) / 100;
        }
        else if (body.EnergyKWh is { } kwh)
        {
            if (EnergyProblem(kwh) is { } problem)
            {
                return problem;
            }

            energyWh = kwh * 1000;
            if (batteryWh is { } battery && energyWh > battery * (100 - (body.CurrentSocPercent ?? 0)) / 100)
            {
                return new InvalidInput("energyKWh", "that is more energy than the battery can take: lower the kWh");
            }
        }

        if (body.OptIn && (energyWh is null || body.Departure is null))
        {
            return new InvalidInput(body.Departure is null ? "departure" : "energyKWh", "with opt-in, give a departure and either energyKWh or targetSocPercent");
        }

        return new NewChargingRequest(userId, body.ChargePointId, body.ConnectorId, body.OptIn, energyWh, body.Departure, batteryWh, body.CurrentSocPercent);
    }

    public static DeskOutcome<RequestChange> ParseChange(RequestChangeBody body)
    {
        if (body.EnergyKWh is null && body.Departure is null)
        {
            return new InvalidInput("energyKWh", "give energyKWh and/or departure");
        }

        if (body.EnergyKWh is { } kwh && EnergyProblem(kwh) is { } problem)
        {
            return problem;
        }

        return new RequestChange(body.EnergyKWh * 1000, body.Departure);
    }

    public static DeskOutcome<CounterOfferChoice> ParseChoice(CounterOfferChoiceBody body) => body.Take switch
    {
        "energy" => CounterOfferChoice.Energy,
        "departure" => CounterOfferChoice.Departure,
        _ => new InvalidInput("take", "take must be \"energy\" or \"departure\""),
    };

    private static InvalidInput? EnergyProblem(double kwh) =>
        !(kwh is > 0 and <= MaxEnergyKWh) || !double.IsFinite(kwh)
            ? new InvalidInput("energyKWh", $"energyKWh must be above 0 and at most {MaxEnergyKWh}")
            : null;
}
