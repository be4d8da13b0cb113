namespace OliMove.SiteMap.Model;

/// <summary>What a meter measures.</summary>
public enum MeterAttachment
{
    /// <summary>The whole site at its grid connection.</summary>
    GridConnection,

    /// <summary>A circuit and everything below it, its chargers included.</summary>
    Circuit,

    /// <summary>One other load and nothing else.</summary>
    OtherLoad,
}
