using System.Globalization;
using OliMove.Edge.Reservations;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// A user's request as the app shows it: the terms, the state, whether it is guaranteed, a sentence that
/// says what happens to the car, and the counter-offers when admission could not promise the terms.
/// </summary>
public sealed record RequestAnswer(
    long Id,
    string ChargePointId,
    int ConnectorId,
    bool OptIn,
    string State,
    bool Guaranteed,
    double? EnergyKWh,
    DateTimeOffset? Departure,
    double? BatteryCapacityKWh,
    double? StartSocPercent,
    double? OfferEnergyKWh,
    DateTimeOffset? OfferDeparture,
    string Message,
    long? TransactionId)
{
    /// <summary>Whether the charger holds the connector for this driver (ReserveNow accepted); null when not asked.</summary>
    public bool? ConnectorHeld { get; init; }

    /// <summary>What the app tells the driver about the hold, e.g. that this charger cannot reserve.</summary>
    public string? ConnectorHoldNote { get; init; }

    /// <summary>The app's view of a request (Wh become kWh here), with the connector hold when there is one (decision 0170).</summary>
    public static RequestAnswer Of(ChargingRequestRecord r, ConnectorHold? hold = null)
    {
        var guaranteed = r.OptIn && r.State is ChargingRequestState.Accepted or ChargingRequestState.Active;
        var energyKWh = r.EnergyRequestedWh / 1000;
        var message = r.State switch
        {
            ChargingRequestState.Accepted or ChargingRequestState.Active when r.OptIn =>
                string.Create(CultureInfo.InvariantCulture, $"Guaranteed: {energyKWh:0.#} kWh by {r.Departure:HH:mm} UTC."),
            ChargingRequestState.Accepted or ChargingRequestState.Active =>
                "Charging as soon as possible, without a guarantee.",
            ChargingRequestState.CounterOffered when r.CounterOfferEnergyWh is > 0 || r.CounterOfferDeparture is not null =>
                "We cannot promise that. Pick one of the offers, or charge without a guarantee.",
            ChargingRequestState.CounterOffered => "Nothing can be guaranteed by then. You can still charge without a guarantee.",
            ChargingRequestState.Declined => "Charging as soon as possible, without a guarantee.",
            ChargingRequestState.Completed => "Finished.",
            ChargingRequestState.Cancelled => "Cancelled.",
            _ => "Checking…",
        };
        var answer = new RequestAnswer(
            r.Id, r.ChargePointId, r.ConnectorId, r.OptIn, r.State.ToString(), guaranteed, energyKWh, r.Departure,
            r.BatteryCapacityWh / 1000, r.StartSocPercent, r.CounterOfferEnergyWh is > 0 ? r.CounterOfferEnergyWh / 1000 : null,
            r.CounterOfferDeparture, message, r.TransactionId);
        return hold is null ? answer : answer with { ConnectorHeld = hold.Held, ConnectorHoldNote = hold.Note };
    }
}
