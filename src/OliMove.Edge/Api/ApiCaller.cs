namespace OliMove.Edge.Api;

/// <summary>An authenticated caller: its role and, for EV users, their account id.</summary>
public sealed record ApiCaller(string Name, ApiRole Role, long? UserId);
