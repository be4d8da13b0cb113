namespace OliMove.Scheduling;

/// <summary>The answer to a request for a guarantee.</summary>
/// <param name="Accepted">True when the request and every accepted one can be met on guaranteed capacity.</param>
/// <param name="Reason">Why, in words a user or a technician can read.</param>
/// <param name="MaxEnergyWhByDeparture">When refused: the most total session energy (delivered so far included) that can be guaranteed by the declared departure.</param>
/// <param name="EarliestDepartureForEnergy">When refused: the earliest slot boundary by which the requested energy can be guaranteed; null when none within the horizon.</param>
public sealed record AdmissionDecision(
    bool Accepted,
    string Reason,
    long? MaxEnergyWhByDeparture,
    DateTimeOffset? EarliestDepartureForEnergy);
