namespace OliMove.Bench.ApiLoad;

/// <summary>A signed-up driver charging at <see cref="ChargePointId"/> under <see cref="IdTag"/>, with their open request.</summary>
public sealed record Driver(string Login, string IdTag, string Token, string ChargePointId, long RequestId);
