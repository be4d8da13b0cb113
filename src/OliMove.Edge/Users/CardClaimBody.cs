namespace OliMove.Edge.Users;

/// <summary>POST /me/cards and the operator's POST /users/{login}/cards: the card's idTag as the charger reports it.</summary>
public sealed record CardClaimBody
{
    public required string IdTag { get; init; }
}
