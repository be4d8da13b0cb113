namespace OliMove.Bench.ApiLoad;

/// <summary>The running service: its base address, its OCPP endpoint, a viewer token and the site map's charge points.</summary>
public sealed record ApiLoadTarget(Uri BaseUri, Uri OcppUri, string ViewerToken, IReadOnlyList<ChargerAccess> Chargers);
