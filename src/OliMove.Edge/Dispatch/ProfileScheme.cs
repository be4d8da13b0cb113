namespace OliMove.Edge.Dispatch;

/// <summary>
/// How the controller's own charging profiles sit on a charger: their ids, stack levels and time frame. One id per
/// connector and purpose, so a new profile replaces the old one of the same id (OCPP 1.6 §5.16.2) and never adds
/// to it; the ids stay clear of the small numbers a charger's own tooling tends to use.
/// </summary>
public static class ProfileScheme
{
    /// <summary>Fail-safe defaults sit at the bottom of the stack; plans above them.</summary>
    public const int DefaultStackLevel = 0;

    public const int TxStackLevel = 1;

    /// <summary>Used when a charger does not report ChargingScheduleMaxPeriods (OCPP 1.6 §9.4 has no default).</summary>
    public const int AssumedMaxPeriods = 24;

    /// <summary>
    /// How far every schedule reaches back before its plan's start (at the first period's limit). A plan made on an
    /// event starts at that second; a charger whose clock is a little behind would otherwise find its TxProfile not
    /// yet started (and run on its default) or, for a window default, no default at all, i.e. no limit. Chargers'
    /// clocks drift by seconds to minutes between Heartbeat time syncs.
    /// </summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>Fail-safe defaults run until the controller replaces them; ten years is "for good" on the wire.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(3650);

    public static int TxProfileId(int connectorId) => 2000 + connectorId;

    public static int DefaultProfileId(int connectorId) => 1000 + connectorId;
}
