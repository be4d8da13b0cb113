namespace OliMove.SiteMap.Model;

/// <summary>The plug or socket of a connector, named as in the site map (IEC 62196 families).</summary>
public enum ConnectionType
{
    Type2,
    Type1,
    CCS2,
    CCS1,
    CHAdeMO,
    Schuko,
    Type3,
}
