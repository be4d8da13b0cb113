namespace OliMove.Bench.ApiLoad;

/// <summary>A charge point of the site map and the AuthorizationKey it connects with (security profile 1).</summary>
public sealed record ChargerAccess(string ChargePointId, string AuthorizationKey);
