namespace OliMove.Edge.Dispatch;

/// <summary>
/// How one SetChargingProfile went. <paramref name="Problem"/> is what to show on the connector; a charger's
/// refusal is not repeated there (it is the charger's one problem, <see cref="ProfileRefusals"/>).
/// </summary>
public readonly record struct SendOutcome(bool Accepted, string? Problem);
