namespace OliMove.Edge.Users;

/// <summary>
/// One of the driver's cards as the app shows it: "bound" (proven; its sessions are the driver's) since
/// <paramref name="BoundAt"/>, or "pending" (claimed, not proven; it earns and shows nothing) until <paramref name="ExpiresAt"/>.
/// </summary>
public sealed record CardView(string IdTag, string State, DateTimeOffset? BoundAt, DateTimeOffset? ExpiresAt)
{
    public const string Bound = "bound";
    public const string Pending = "pending";

    public static CardView BoundCard(string idTag, DateTimeOffset boundAt) => new(idTag, Bound, boundAt, null);

    public static CardView PendingCard(string idTag, DateTimeOffset expiresAt) => new(idTag, Pending, null, expiresAt);
}
