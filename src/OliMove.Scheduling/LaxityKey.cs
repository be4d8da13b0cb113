namespace OliMove.Scheduling;

/// <summary>
/// Sort key for least-laxity order at a slot: laxity = slots left − slots of work left at full power, kept as the
/// exact fraction Numerator / Denominator (watt-slots over watts; both bounded by validation, so the cross products
/// fit in a long). Requests that can no longer be met in full (negative laxity) go after those that still can,
/// because serving them first would only make a second one miss. Ties: earliest deadline, then session order.
/// </summary>
internal readonly record struct LaxityKey(bool Hopeless, long Numerator, long Denominator, int Deadline, int Session) : IComparable<LaxityKey>
{
    public static LaxityKey Of(GroupModel model, int s, int t, long deliveredUnits)
    {
        long max = Math.Max(model.PowerStepW, model.MaxW[s]);
        long left = Math.Max(0, Math.Min(model.NeedUnits[s], GroupModel.Unlimited) - deliveredUnits);
        long numerator = (long)(model.WindowEnd[s] - t) * max - left;
        return new LaxityKey(numerator < 0, numerator, max, model.WindowEnd[s], s);
    }

    public int CompareTo(LaxityKey other)
    {
        int c = Hopeless.CompareTo(other.Hopeless);
        if (c != 0)
            return c;
        c = ((Int128)Numerator * other.Denominator).CompareTo((Int128)other.Numerator * Denominator);
        if (c != 0)
            return c;
        c = Deadline.CompareTo(other.Deadline);
        return c != 0 ? c : Session.CompareTo(other.Session);
    }
}
