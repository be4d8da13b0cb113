namespace OliMove.Scheduling;

/// <summary>How a session's request stands in a plan.</summary>
public enum SessionStatus
{
    /// <summary>The plan delivers the declared need by the declared departure (or nothing was declared).</summary>
    OnTrack,

    /// <summary>Accepted, short only because the EV draws less than its connector allows (rampdown): not our miss.</summary>
    LimitedByVehicle,

    /// <summary>Accepted, yet the guaranteed capacity no longer covers it (a forecast changed): our miss.</summary>
    NotGuaranteed,

    /// <summary>Not accepted (or no guarantee asked) and the plan does not cover the need.</summary>
    BestEffortShort,
}
