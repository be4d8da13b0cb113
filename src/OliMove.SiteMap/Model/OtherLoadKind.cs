namespace OliMove.SiteMap.Model;

public enum OtherLoadKind
{
    /// <summary>A fixed reservation: the load is never measured, its power is always kept free.</summary>
    Reserved,

    /// <summary>A measured load (e.g. an elevator); its worst case is kept free for guarantees.</summary>
    Metered,
}
