namespace OliMove.Scheduling.Baselines;

/// <summary>
/// The textbook online rule the baselines share: slot by slot from now, every session still needing energy in its
/// window, in a priority order fixed at that slot, gets as much as it can draw (<see cref="PlanDraft.FastestGrant"/>:
/// its max, the room on its path, 0 or at least its minimum). No guarantee, no PV preference, no look-ahead.
/// The plan obeys the same physical rules as the allocator's (limits per circuit and phase, whole Wh per slot).
/// </summary>
internal static class SlotBySlotGreedy
{
    /// <param name="snapshot">The group.</param>
    /// <param name="orderAt">For a slot and each session's energy still to plan (watt-slots), the order to serve them in.</param>
    public static GroupPlan Plan(GroupSnapshot snapshot, Func<GroupModel, int, long[], Comparison<int>> orderAt)
    {
        var draft = new PlanDraft(GroupModel.From(snapshot));
        var model = draft.Model;
        var left = model.NeedUnits.ToArray();
        var waiting = new List<int>(model.SessionCount);
        for (int t = 0; t < model.Horizon; t++)
        {
            waiting.Clear();
            for (int s = 0; s < model.SessionCount; s++)
            {
                if (t >= model.WindowStart[s] && t < model.WindowEnd[s] && left[s] > 0)
                    waiting.Add(s);
            }
            waiting.Sort(orderAt(model, t, left));
            foreach (int s in waiting)
            {
                long grant = draft.FastestGrant(s, t, left[s]);
                draft.Add(s, t, grant);
                left[s] -= grant;
            }
        }
        return draft.ToGroupPlan();
    }
}
