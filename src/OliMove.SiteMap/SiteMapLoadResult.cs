using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.SiteMap;

/// <summary>
/// Either a valid map with its topology (no errors), or every error found, sorted by position.
/// Warnings come with both.
/// </summary>
public sealed record SiteMapLoadResult(
    string File,
    SiteMapDocument? Map,
    SiteTopology? Topology,
    IReadOnlyList<SiteMapError> Errors,
    IReadOnlyList<SiteMapWarning> Warnings)
{
    public bool IsValid => Errors.Count == 0 && Topology is not null;
}
