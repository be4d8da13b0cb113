namespace OliMove.Edge.Users;

/// <summary>POST /me/requests/{id}/take-offer: "energy" (less energy by my departure) or "departure" (my energy, later).</summary>
public sealed record CounterOfferChoiceBody
{
    public required string Take { get; init; }
}
