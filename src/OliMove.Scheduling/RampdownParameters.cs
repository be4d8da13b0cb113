namespace OliMove.Scheduling;

/// <summary>How fast an EV's max as seen follows what it actually draws (acnportal's rampdown).</summary>
/// <param name="DownThresholdW">Drawing this much below the offer counts as "the EV would not take it" (default 3 A × 230 V).</param>
/// <param name="UpStepW">When the EV takes everything offered at its max as seen, the max is raised by this much per slot, up to the connector's max.</param>
public sealed record RampdownParameters(long DownThresholdW = 690, long UpStepW = 690);
