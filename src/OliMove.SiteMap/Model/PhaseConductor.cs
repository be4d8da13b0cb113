namespace OliMove.SiteMap.Model;

/// <summary>The line conductor a single-phase connector is wired to.</summary>
public enum PhaseConductor
{
    L1,
    L2,
    L3,
}
