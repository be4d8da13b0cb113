namespace OliMove.Storage;

/// <summary>A card that belongs to a user, and how that was proven (<c>presented:&lt;chargePointId&gt;</c>, <c>operator:&lt;name&gt;</c>, <c>direct</c>, <c>before-0009</c>).</summary>
public sealed record BoundIdTag(string IdTag, string BoundBy, DateTimeOffset BoundAt);
