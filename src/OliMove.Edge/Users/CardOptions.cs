namespace OliMove.Edge.Users;

/// <summary>Card binding (decision 0241): how long a card the app adds waits to be presented at a charger.</summary>
public sealed class CardOptions
{
    public int ClaimMinutes { get; set; } = 10;
}
