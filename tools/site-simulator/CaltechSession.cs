namespace OliMove.Tools.SiteSimulator;

/// <summary>One plug-in session of the Caltech ACN-Data garage (data/acn-caltech/caltech_2019-03_sessions.csv);
/// times are the garage's local wall clock (Pasadena), energy is what the EV actually received.</summary>
public sealed record CaltechSession(string SessionId, string StationId, DateTime ArrivalLocal, DateTime DepartureLocal, double EnergyKWh);
