namespace OliMove.Chain;

/// <summary>The site an edge service writes for: its site map's id and the bytes32 the contracts key its records by.</summary>
public sealed record ChainSite
{
    public ChainSite(string siteMapId)
    {
        SiteMapId = siteMapId;
        Id = ChainIds.SiteId(siteMapId);
    }

    public string SiteMapId { get; }

    /// <summary><see cref="ChainIds.SiteId"/> of <see cref="SiteMapId"/>.</summary>
    public byte[] Id { get; }

    public string IdHex => "0x" + Convert.ToHexStringLower(Id);
}
