namespace OliMove.Edge.Users.Outcomes;

/// <summary>
/// Admission cannot guarantee the new terms; the current promise stands. <paramref name="Reason"/> is
/// admission's own; the offers are what could be promised instead (null: none).
/// </summary>
public sealed record RefusedByAdmission(string Message, string Reason, long? OfferEnergyWh, DateTimeOffset? OfferDeparture) : DeskFailure(Message);
