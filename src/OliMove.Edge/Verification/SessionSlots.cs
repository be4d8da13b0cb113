using OliMove.Edge.Planning;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>
/// Finds the slots a session took part in. Sessions appear in archive and chain only as "tx-N" (N = the OCPP
/// transaction id on the user's receipt), so this is how a user goes from their receipt to their slots.
/// </summary>
public static class SessionSlots
{
    /// <summary>The session ids planned in an archived input, or none when the input is unreadable.</summary>
    public static IReadOnlyList<string> SessionsIn(SlotPlanRecord plan)
    {
        try
        {
            return SnapshotJsonReader.Read(plan.InputJson).Sessions.Select(s => s.SessionId).ToList();
        }
        catch (Exception e) when (e is SnapshotFormatException or SnapshotValidationException)
        {
            return [];
        }
    }

    /// <summary>
    /// Every plan of every slot in which <paramref name="sessionId"/> was planned: the whole slot, since the
    /// slot's on-chain commitment covers all its plans.
    /// </summary>
    public static IReadOnlyList<SlotPlanRecord> PlansOfSlotsWith(IReadOnlyList<SlotPlanRecord> plans, string sessionId)
    {
        var slots = plans.Where(p => SessionsIn(p).Contains(sessionId, StringComparer.Ordinal))
            .Select(p => SlotClock.StartOf(p.SlotStart))
            .ToHashSet();
        return plans.Where(p => slots.Contains(SlotClock.StartOf(p.SlotStart))).ToList();
    }
}
