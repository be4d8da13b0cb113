namespace OliMove.Edge.Users;

/// <summary>PATCH /me/requests/{id}: a new energy and/or departure; what is left out stays as it is.</summary>
public sealed record RequestChangeBody
{
    public double? EnergyKWh { get; init; }

    public DateTimeOffset? Departure { get; init; }
}
