using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>One sampled value, normalised at the edge: energy in Wh (varh), power in W (var, VA), current in A,
/// SoC in Percent. <see cref="Unit"/> names the unit after normalisation.</summary>
public sealed record NormalisedSampledValue(
    DateTimeOffset Timestamp,
    Measurand Measurand,
    Phase? Phase,
    Location Location,
    ReadingContext Context,
    decimal Value,
    string Unit);
